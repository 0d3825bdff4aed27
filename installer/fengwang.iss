; Inno Setup 6 script for Fengwang-Setup-<version>.exe: the one installer a clerk runs.
;
; Built by `python installer/build.py`, which calls
;   ISCC.exe /DAppVersion=<version> /DSourceDir=<repo>\dist\fengwang /DOutputDir=<repo>\dist fengwang.iss
; Run by hand from this folder (`ISCC fengwang.iss`) it takes the bundle from ..\dist\fengwang, the
; version from that bundle's fengwang.exe, and writes to ..\dist.
;
; The file is UTF-8 (with a BOM, which every Inno Setup 6 reads as UTF-8): the wizard and every
; message of ours is in Chinese.

#if VER < EncodeVer(6, 3, 0)
  ; x64compatible and BOM-less UTF-8 language files arrived in 6.3.
  #error Inno Setup 6.3 or newer is required.
#endif

#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "..\dist\fengwang"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "..\dist"
#endif
#if !FileExists(AddBackslash(SourceDir) + "fengwang.exe")
  #error No bundle: build dist\fengwang first with `python installer/build.py` (or pass /DSourceDir=...).
#endif
#ifndef AppVersion
  ; The bundle's version resource is written from desktop.__version__ (installer/fengwang.spec),
  ; so a hand-made installer cannot carry a version other than the one of the files it holds.
  #define AppVersion GetStringFileInfo(AddBackslash(SourceDir) + "fengwang.exe", "ProductVersion")
  #if AppVersion == ""
    #error fengwang.exe has no version resource: pass /DAppVersion=<version>.
  #endif
#endif

; Chinese (Simplified) is not among the languages the Inno Setup 6 releases install (it sits under
; Files/Languages/Unofficial in their sources), so the build puts ChineseSimplified.isl into the
; compiler's Languages folder: .github/workflows/windows.yml fetches it from the source tag of the
; release it installed, unless that release already ships one. /DChineseIsl=<path> uses a copy
; elsewhere (no administrator rights needed to put it there).
#ifndef ChineseIsl
  #define ChineseIsl CompilerPath + "Languages\ChineseSimplified.isl"
#endif
#if !FileExists(ChineseIsl)
  #error ChineseSimplified.isl not found: get it from https://github.com/jrsoftware/issrc (Files/Languages/Unofficial, the tag of your Inno Setup version) into the compiler's Languages folder, or pass /DChineseIsl=<path>.
#endif

[Setup]
; The AppId ties every version together: a newer setup finds the old install (folder, per-user or
; per-machine mode, tasks) and upgrades it in place. Never change it.
AppId={{3C88F3F9-5B73-4D2E-8A56-EA4DA242C6D1}
AppName=枫网
AppVersion={#AppVersion}
AppPublisher=Fengwang
AppComments=乡镇综治中心工作台
; An ASCII folder name: county IT scripts and support over the phone spell it more easily.
DefaultDirName={autopf}\Fengwang
DefaultGroupName=枫网
DisableProgramGroupPage=yes
; One language only, so there is nothing to choose.
ShowLanguageDialog=no
WizardStyle=modern
SetupIconFile=..\resources\icons\fengwang.ico
UninstallDisplayIcon={app}\fengwang.exe
; A clerk without administrator rights can install for herself (into
; %LOCALAPPDATA%\Programs\Fengwang); "为所有用户安装" (or /ALLUSERS) asks for them and installs into
; Program Files. An upgrade keeps the mode of the installed copy without asking.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
; PySide6 wheels are x64 only; Arm64 Windows 11 runs them emulated.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 runs on Windows 10 1809 (build 17763) and later.
MinVersion=10.0.17763
; Files of a running Fengwang cannot be replaced: Setup offers (silently: goes ahead) to ask it to
; quit through the Restart Manager, as Windows does at sign-out. Not "force": killing it could cut
; its exit backup short. No restart afterwards: the restarted copy would run with Setup's rights.
CloseApplications=yes
CloseApplicationsFilter=*.exe,*.dll,*.pyd
RestartApplications=no
; Two setups at once would interleave their file operations.
SetupMutex=FengwangSetup,Global\FengwangSetup
OutputDir={#OutputDir}
OutputBaseFilename=Fengwang-Setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
; File properties of the setup executable. VersionInfoVersion takes up to four numbers, which the
; package version is (installer/fengwang.spec reads it the same way).
VersionInfoVersion={#AppVersion}
VersionInfoCompany=Fengwang
VersionInfoProductName=枫网 Fengwang
VersionInfoDescription=枫网 安装程序
VersionInfoCopyright=Fengwang

[Languages]
Name: "chinesesimp"; MessagesFile: "{#ChineseIsl}"

[CustomMessages]
ShortcutsGroup=快捷方式：
DesktopIconTask=在桌面上创建“枫网”快捷方式(&D)
DemoShortcut=枫网（演示乡镇）
UninstallShortcut=卸载枫网
FengwangComment=乡镇综治中心工作台
DemoComment=打开演示乡镇（示例镇），可以随意练习，不影响正式数据
LaunchFengwang=运行枫网
CloseFengwangFirst=枫网正在运行。%n%n请先在枫网中保存手头的工作并退出（关闭所有枫网窗口和命令行窗口），然后点击“重试”。点击“取消”则不卸载。
RemoveDataQuestion=枫网已经卸载。是否同时删除枫网的数据？%n%n数据文件夹：%1%n其中有数据库（全部网格、人员、案件、考核记录）、演示乡镇、自动备份和错误日志；本机保存的枫网设置也一并删除。在“设置 → 备份”中另选的备份文件夹（如 U 盘）不会删除。%n%n删除后无法恢复。以后还要使用枫网、或者数据还没有另行备份的，请选择“否”：数据保留，重新安装枫网后可以继续使用。
RemoveDataFailed=有些数据文件未能删除（可能正被其他程序使用）。请稍后手动删除这个文件夹：%n%n%1

[Tasks]
; Ticked by default: most clerks start the app from the desktop. Silent installs take the same
; default; /MERGETASKS="!desktopicon" leaves it out.
Name: "desktopicon"; Description: "{cm:DesktopIconTask}"; GroupDescription: "{cm:ShortcutsGroup}"

[InstallDelete]
; An upgrade replaces the whole bundle: libraries an older version shipped and this one does not
; would otherwise stay in _internal and could be loaded by the new executables. The data never
; lives here (it is in %LOCALAPPDATA%\Fengwang), so nothing of the clerk's is touched.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\枫网"; Filename: "{app}\fengwang.exe"; Comment: "{cm:FengwangComment}"
Name: "{group}\{cm:DemoShortcut}"; Filename: "{app}\fengwang.exe"; Parameters: "--demo"; Comment: "{cm:DemoComment}"
Name: "{group}\{cm:UninstallShortcut}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\枫网"; Filename: "{app}\fengwang.exe"; Comment: "{cm:FengwangComment}"; Tasks: desktopicon

[Run]
; postinstall entries run as the user who started Setup, so the first start (which sets up the
; administrator and the database) happens in the clerk's own profile even after a per-machine install.
Filename: "{app}\fengwang.exe"; Description: "{cm:LaunchFengwang}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; The bundle writes nothing into _internal; should anything ever land there (a library's crash
; dump), the program folder would otherwise stay behind after an uninstall.
Type: filesandordirs; Name: "{app}\_internal"

[Code]
const
  // desktop/paths.py (platformdirs, appauthor=False) and QSettings("Fengwang", "Fengwang").
  DataFolder = '{localappdata}\Fengwang';
  SettingsKey = 'Software\Fengwang';

// CustomMessage() returns %n as written (only {cm:...} expands it) and %1 unfilled.
function MessageText(const Name, Arg: String): String;
var
  Text: String;
begin
  Text := FmtMessage(CustomMessage(Name), [Arg]);
  StringChangeEx(Text, '%n', #13#10, True);
  Result := Text;
end;

// True while a fengwang.exe or fengwang-cli.exe of this installation runs: its files would stay
// behind locked, and so would the database if the clerk chose to remove the data.
// Processes of other Windows users hide their path from a non-administrator and do not count.
function FengwangIsRunning(): Boolean;
var
  Locator, Service, Processes, Path: Variant;
  AppDir: String;
  I, Count: Integer;
begin
  Result := False;
  AppDir := Lowercase(AddBackslash(ExpandConstant('{app}')));
  try
    Locator := CreateOleObject('WbemScripting.SWbemLocator');
    Service := Locator.ConnectServer('.', 'root\CIMV2');
    Processes := Service.ExecQuery('SELECT ExecutablePath FROM Win32_Process' +
      ' WHERE Name = ''fengwang.exe'' OR Name = ''fengwang-cli.exe''');
    Count := Processes.Count;
    I := 0;
    while (not Result) and (I < Count) do
    begin
      Path := Processes.ItemIndex(I).ExecutablePath;
      if not VarIsNull(Path) then
        Result := Pos(AppDir, Lowercase(Path)) = 1;
      I := I + 1;
    end;
  except
    // No WMI (a locked-down machine): uninstall as Inno Setup would without the check.
    Log('Could not list running processes: ' + GetExceptionMessage);
  end;
end;

function InitializeUninstall(): Boolean;
begin
  Result := True;
  // Nobody to ask in a silent uninstall; files still in use are left for the next restart.
  if UninstallSilent then
    Exit;
  while Result and FengwangIsRunning() do
    Result := MsgBox(MessageText('CloseFengwangFirst', ''), mbError, MB_RETRYCANCEL) = IDRETRY;
end;

// The data outlives the program unless the clerk says otherwise: "否" is the default button, and a
// silent uninstall (county IT) never asks and never removes. Only the current Windows user's data
// is meant: every user of the computer has a folder of their own.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if (CurUninstallStep <> usPostUninstall) or UninstallSilent then
    Exit;
  DataDir := ExpandConstant(DataFolder);
  if not DirExists(DataDir) and not RegKeyExists(HKCU, SettingsKey) then
    Exit;
  if MsgBox(MessageText('RemoveDataQuestion', DataDir), mbConfirmation,
            MB_YESNO or MB_DEFBUTTON2) <> IDYES then
    Exit;
  RegDeleteKeyIncludingSubkeys(HKCU, SettingsKey);
  if DirExists(DataDir) and not DelTree(DataDir, True, True, True) then
    MsgBox(MessageText('RemoveDataFailed', DataDir), mbError, MB_OK);
end;
