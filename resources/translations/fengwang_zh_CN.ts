<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AssignRoleDialog</name>
    <message>
        <source>Assign a post</source>
        <translation>任命岗位</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>&amp;Unit</source>
        <translation>任职单位(&amp;U)</translation>
    </message>
    <message>
        <source>P&amp;ost</source>
        <translation>岗位(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Since</source>
        <translation>任职日期(&amp;S)</translation>
    </message>
    <message>
        <source>No&amp;te</source>
        <translation>备注(&amp;T)</translation>
    </message>
    <message>
        <source>Choose the unit where the post is held</source>
        <translation>请选择任职的网格单位</translation>
    </message>
    <message>
        <source>Choose a post</source>
        <translation>请选择岗位</translation>
    </message>
</context>
<context>
    <name>EndAssignmentDialog</name>
    <message>
        <source>End a post</source>
        <translation>结束任职</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>{0}, {1}, since {2}</source>
        <translation>{0}，{1}，{2} 起</translation>
    </message>
    <message>
        <source>P&amp;ost</source>
        <translation>岗位(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Left on</source>
        <translation>离任日期(&amp;L)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Fengwang</source>
        <translation>枫网</translation>
    </message>
    <message>
        <source>Grid and roster</source>
        <translation>网格与花名册</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>矛盾纠纷</translation>
    </message>
    <message>
        <source>Dispute cases will be handled here, from intake through assessment, routing and resolution to the follow-up visit.</source>
        <translation>矛盾纠纷将在这里办理：从排查受理、研判、分流、化解直到回访。</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>考核</translation>
    </message>
    <message>
        <source>Grid workers will be scored here every month.</source>
        <translation>网格员的月度考核评分将在这里进行。</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Printable reports will be made here: ledgers, monthly statistics and mediation agreements.</source>
        <translation>可打印的报表将在这里生成：台账、月度统计和调解协议书。</translation>
    </message>
    <message>
        <source>Data exchange</source>
        <translation>数据交换</translation>
    </message>
    <message>
        <source>Village rosters will be imported here, data exported for the county, and sync packages exchanged.</source>
        <translation>将在这里导入村（社区）花名册、向县里导出数据、交换同步数据包。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Database: {0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <source>User: {0}</source>
        <translation>用户：{0}</translation>
    </message>
    <message>
        <source>No township set</source>
        <translation>未设置乡镇</translation>
    </message>
</context>
<context>
    <name>MoveUnitDialog</name>
    <message>
        <source>Move unit</source>
        <translation>移动单位</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>New &amp;parent</source>
        <translation>新的上级单位(&amp;P)</translation>
    </message>
    <message>
        <source>Choose the new parent unit</source>
        <translation>请选择新的上级单位</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <source>Edit person</source>
        <translation>编辑人员</translation>
    </message>
    <message>
        <source>New person</source>
        <translation>新增人员</translation>
    </message>
    <message>
        <source>18 digits; gender and birth date follow from it</source>
        <translation>18 位，性别和出生日期随号码自动填写</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Citizen ID</source>
        <translation>身份证号码(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Gender</source>
        <translation>性别(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Birth date</source>
        <translation>出生日期(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>联系电话(&amp;P)</translation>
    </message>
    <message>
        <source>P&amp;olitical status</source>
        <translation>政治面貌(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Education</source>
        <translation>文化程度(&amp;E)</translation>
    </message>
    <message>
        <source>No&amp;tes</source>
        <translation>备注(&amp;T)</translation>
    </message>
    <message>
        <source>First post (optional)</source>
        <translation>首次任职（可不填）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（不任职）</translation>
    </message>
    <message>
        <source>P&amp;ost</source>
        <translation>岗位(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Unit</source>
        <translation>任职单位(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Since</source>
        <translation>任职日期(&amp;S)</translation>
    </message>
    <message>
        <source>{0} (type a new number to change it)</source>
        <translation>{0}（如需修改，请输入新号码）</translation>
    </message>
    <message>
        <source>{0}, {1}, since {2}</source>
        <translation>{0}，{1}，{2} 起</translation>
    </message>
    <message>
        <source>{0}, {1}, {2} to {3}</source>
        <translation>{0}，{1}，{2} 至 {3}</translation>
    </message>
    <message>
        <source>Posts held</source>
        <translation>任职记录</translation>
    </message>
    <message>
        <source>Choose the unit where the post is held</source>
        <translation>请选择任职的网格单位</translation>
    </message>
</context>
<context>
    <name>RoleCatalogue</name>
    <message>
        <source>Roles</source>
        <translation>岗位目录</translation>
    </message>
    <message>
        <source>New role, e.g. 平安志愿者</source>
        <translation>新岗位名称，如：平安志愿者</translation>
    </message>
    <message>
        <source>&amp;Add role</source>
        <translation>新增岗位(&amp;A)</translation>
    </message>
    <message>
        <source>{0} (built in)</source>
        <translation>{0}（内置）</translation>
    </message>
</context>
<context>
    <name>RosterPage</name>
    <message>
        <source>New person</source>
        <translation>新增人员</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Assign post</source>
        <translation>任命岗位</translation>
    </message>
    <message>
        <source>End post</source>
        <translation>结束任职</translation>
    </message>
    <message>
        <source>New unit</source>
        <translation>新增单位</translation>
    </message>
    <message>
        <source>Edit unit</source>
        <translation>编辑单位</translation>
    </message>
    <message>
        <source>Move unit</source>
        <translation>移动单位</translation>
    </message>
    <message>
        <source>Delete unit</source>
        <translation>删除单位</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格单位</translation>
    </message>
    <message>
        <source>Name, pinyin initials, ID or phone</source>
        <translation>姓名、拼音首字母、身份证号或电话</translation>
    </message>
    <message>
        <source>All posts</source>
        <translation>全部岗位</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>In post</source>
        <translation>在岗</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>已离任</translation>
    </message>
    <message>
        <source>No post</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>Searc&amp;h</source>
        <translation>搜索(&amp;H)</translation>
    </message>
    <message>
        <source>P&amp;ost</source>
        <translation>岗位(&amp;O)</translation>
    </message>
    <message>
        <source>Stat&amp;us</source>
        <translation>状态(&amp;U)</translation>
    </message>
    <message>
        <source>Cannot read the roster; the details were written to the log.</source>
        <translation>无法读取花名册，详细信息已写入日志。</translation>
    </message>
    <message>
        <source>Total: {0}</source>
        <translation>共 {0} 人</translation>
    </message>
    <message>
        <source>Loading… {0} shown</source>
        <translation>正在载入全部人员…（已显示 {0} 人）</translation>
    </message>
    <message>
        <source>Saved. The current filter hides this person.</source>
        <translation>已保存。当前筛选条件下不显示此人。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>{0} holds no post that could end.</source>
        <translation>{0}目前没有可以结束的任职。</translation>
    </message>
    <message>
        <source>A micro-grid has no units below it.</source>
        <translation>微网格下不能再设下级单位。</translation>
    </message>
    <message>
        <source>Moved.</source>
        <translation>已移动。</translation>
    </message>
    <message>
        <source>Delete “{0}” ({1})? This cannot be undone.</source>
        <translation>确定删除“{0}”（{1}）吗？删除后无法恢复。</translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation>已删除。</translation>
    </message>
</context>
<context>
    <name>RosterTableModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Citizen ID</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>岗位</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>所属单位</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>任职日期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>In post</source>
        <translation>在岗</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>已离任</translation>
    </message>
    <message>
        <source>No post</source>
        <translation>未分配</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>A new language applies the next time Fengwang starts.</source>
        <translation>更改的语言将在下次启动枫网时生效。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>界面语言(&amp;L)</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
</context>
<context>
    <name>UnitDialog</name>
    <message>
        <source>Edit unit</source>
        <translation>编辑单位</translation>
    </message>
    <message>
        <source>New unit: {0}</source>
        <translation>新增单位：{0}</translation>
    </message>
    <message>
        <source>(top level)</source>
        <translation>（最上一级）</translation>
    </message>
    <message>
        <source>Parent unit</source>
        <translation>上级单位</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>12 digits</source>
        <translation>12 位数字</translation>
    </message>
    <message>
        <source>&amp;Code</source>
        <translation>编码(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>类型(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Statistics code</source>
        <translation>统计用区划代码(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Households</source>
        <translation>户数(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Population</source>
        <translation>人数(&amp;P)</translation>
    </message>
</context>
<context>
    <name>UnitPicker</name>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
</context>
<context>
    <name>UnitTreeModel</name>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>{0} ({1}, code {2})</source>
        <translation>{0}（{1}，编码 {2}）</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Something unexpected went wrong. Your saved work is safe; the details were written to {0}. Please pass that file to your support contact.</source>
        <translation>程序出现了意外错误。已保存的数据不受影响；详细情况已记录在 {0}，请把该文件交给技术支持人员。</translation>
    </message>
    <message>
        <source>Something unexpected went wrong. Your saved work is safe.</source>
        <translation>程序出现了意外错误。已保存的数据不受影响。</translation>
    </message>
    <message>
        <source>Fengwang</source>
        <translation>枫网</translation>
    </message>
    <message>
        <source>This build cannot create the demo data.</source>
        <translation>此版本无法生成示例数据。</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Fengwang</source>
        <translation>枫网</translation>
    </message>
</context>
</TS>
