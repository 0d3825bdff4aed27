<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddUserDialog</name>
    <message>
        <source>Add a user</source>
        <translation>新增用户</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>角色(&amp;R)</translation>
    </message>
    <message>
        <source>All townships (a county account)</source>
        <translation>全部乡镇（县级账户）</translation>
    </message>
    <message>
        <source>&amp;Works in</source>
        <translation>工作乡镇(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>Password &amp;again</source>
        <translation>再次输入密码(&amp;A)</translation>
    </message>
    <message>
        <source>The two passwords differ</source>
        <translation>两次输入的密码不一致</translation>
    </message>
</context>
<context>
    <name>AllowanceModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村(社区)</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等次</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
</context>
<context>
    <name>AssessDialog</name>
    <message>
        <source>Assess the case</source>
        <translation>研判</translation>
    </message>
    <message>
        <source>Risk of turning criminal</source>
        <translation>民转刑风险</translation>
    </message>
    <message>
        <source>Group incident risk</source>
        <translation>群体性</translation>
    </message>
    <message>
        <source>&amp;Risk</source>
        <translation>风险等级(&amp;R)</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>风险标记</translation>
    </message>
    <message>
        <source>&amp;Assessment</source>
        <translation>研判意见(&amp;A)</translation>
    </message>
</context>
<context>
    <name>AssessmentPage</name>
    <message>
        <source>Monthly sheet</source>
        <translation>月度考核</translation>
    </message>
    <message>
        <source>Schemes</source>
        <translation>考核细则</translation>
    </message>
    <message>
        <source>Worker history</source>
        <translation>个人历史</translation>
    </message>
    <message>
        <source>Period results</source>
        <translation>期间结果</translation>
    </message>
    <message>
        <source>Townships</source>
        <translation>各乡镇</translation>
    </message>
</context>
<context>
    <name>AssignMediatorDialog</name>
    <message>
        <source>Replace a mediator</source>
        <translation>更换调解员</translation>
    </message>
    <message>
        <source>Assign a mediator</source>
        <translation>指派调解员</translation>
    </message>
    <message>
        <source>not routed yet</source>
        <translation>尚未分流</translation>
    </message>
    <message>
        <source>{0}  {1}, {2}, {3}</source>
        <translation>{0}  {1}，{2}，{3}</translation>
    </message>
    <message>
        <source>&amp;Lead mediator</source>
        <translation>主调解员(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Second mediator</source>
        <translation>协助调解员(&amp;S)</translation>
    </message>
    <message>
        <source>e.g. the mediator is away for training</source>
        <translation>例如：原调解员外出培训，无法按期调解</translation>
    </message>
    <message>
        <source>Replacing</source>
        <translation>被更换</translation>
    </message>
    <message>
        <source>{0} (lead)</source>
        <translation>{0}（主调解员）</translation>
    </message>
    <message>
        <source>{0} (second)</source>
        <translation>{0}（协助调解员）</translation>
    </message>
    <message>
        <source>As</source>
        <translation>担任</translation>
    </message>
    <message>
        <source>Reaso&amp;n</source>
        <translation>更换理由(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>更换(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Assign</source>
        <translation>指派(&amp;A)</translation>
    </message>
    <message>
        <source>No mediator can take this case.</source>
        <translation>没有可以调解本案的调解员。</translation>
    </message>
    <message>
        <source>Choose a mediator from the list</source>
        <translation>请从列表中选择一位调解员</translation>
    </message>
</context>
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
    <name>AuditPanel</name>
    <message>
        <source>All records</source>
        <translation>全部对象</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <source>any day</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Search the summaries</source>
        <translation>搜索摘要（姓名、编号等）</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>校验(&amp;V)</translation>
    </message>
    <message>
        <source>Check that no entry of the trail has been altered or removed</source>
        <translation>检查操作日志有没有被改动或删除</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>All users</source>
        <translation>全部用户</translation>
    </message>
    <message>
        <source>Showing the newest {0} entries; scroll down for older ones.</source>
        <translation>显示最新的 {0} 条记录，向下滚动可查看更早的记录。</translation>
    </message>
    <message>
        <source>{0} entries.</source>
        <translation>共 {0} 条记录。</translation>
    </message>
    <message>
        <source>No entry matches these filters.</source>
        <translation>没有符合条件的记录。</translation>
    </message>
    <message>
        <source>Verifying the trail…</source>
        <translation>正在校验操作日志……</translation>
    </message>
    <message>
        <source>audit trail {0}.xlsx</source>
        <translation>操作日志 {0}.xlsx</translation>
    </message>
    <message>
        <source>Export the audit trail</source>
        <translation>导出操作日志</translation>
    </message>
    <message>
        <source>Exported {0} entries to {1}</source>
        <translation>已导出 {0} 条操作日志到 {1}</translation>
    </message>
    <message>
        <source>The audit trail could not be read or written; see the log.</source>
        <translation>无法读取或写入操作日志，详情已记录在日志文件中。</translation>
    </message>
</context>
<context>
    <name>BackupPanel</name>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>所在文件夹</translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Restore the selected backup…</source>
        <translation>恢复所选备份(&amp;R)…</translation>
    </message>
    <message>
        <source>Restore from a &amp;file…</source>
        <translation>从文件恢复(&amp;F)…</translation>
    </message>
    <message>
        <source>None: backups stay on this computer only</source>
        <translation>未设置：备份只保存在本机</translation>
    </message>
    <message>
        <source>&amp;Choose…</source>
        <translation>选择(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Stop using it</source>
        <translation>不再使用(&amp;S)</translation>
    </message>
    <message>
        <source>Second folder (e.g. a USB drive):</source>
        <translation>第二备份文件夹（如U盘）：</translation>
    </message>
    <message>
        <source>Fengwang backs up by itself every day and on closing, to {0} and to the second folder when it is plugged in. It keeps the last 14 daily, the last 10 closing and one backup per month for 12 months; backups made here are kept until you delete them.</source>
        <translation>枫网每天和每次退出时自动备份到 {0}，第二备份文件夹（U盘）插着时也备份一份。保留最近 14 份每日备份、最近 10 份退出时备份，以及最近 12 个月每月一份；在这里手动做的备份不会自动删除。</translation>
    </message>
    <message>
        <source>Checking the backups…</source>
        <translation>正在检查备份……</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>未通过</translation>
    </message>
    <message>
        <source>No backup yet.</source>
        <translation>还没有备份。</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份……</translation>
    </message>
    <message>
        <source>Backed up and checked: {0}</source>
        <translation>已备份并检查通过：{0}</translation>
    </message>
    <message>
        <source>Checking the backup…</source>
        <translation>正在检查该备份……</translation>
    </message>
    <message>
        <source>Replace the current database with the backup {0}? The current database is saved first, as a backup made before restoring. Fengwang closes the database and opens the restored one; what was entered after that backup is not in it.</source>
        <translation>用备份 {0} 替换当前数据库吗？当前数据库会先另存一份（“恢复前”备份）。枫网将关闭数据库并打开恢复后的数据库；该备份之后录入的内容不在其中。</translation>
    </message>
    <message>
        <source>Not restored: {0}</source>
        <translation>未恢复：{0}</translation>
    </message>
    <message>
        <source>That is the first backup folder already.</source>
        <translation>这就是本机的备份文件夹，请选择另一个（如U盘上的文件夹）。</translation>
    </message>
    <message>
        <source>Restore from a backup file</source>
        <translation>从备份文件恢复</translation>
    </message>
    <message>
        <source>Fengwang databases (*.sqlite *.db);;All files (*)</source>
        <translation>枫网数据库 (*.sqlite *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Second backup folder</source>
        <translation>第二备份文件夹</translation>
    </message>
</context>
<context>
    <name>CandidateModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Committee</source>
        <translation>调解委员会</translation>
    </message>
    <message>
        <source>Serves at</source>
        <translation>所在</translation>
    </message>
    <message>
        <source>Specialties</source>
        <translation>擅长类别</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>在办</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Must step aside: {0}</source>
        <translation>回避：{0}</translation>
    </message>
    <message>
        <source>No particular fit</source>
        <translation>无特别匹配</translation>
    </message>
</context>
<context>
    <name>CaseDashboard</name>
    <message>
        <source>Dispute figures</source>
        <translation>矛盾纠纷统计</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>按月</translation>
    </message>
    <message>
        <source>Date range</source>
        <translation>按时段</translation>
    </message>
    <message>
        <source>Export the &amp;ledger…</source>
        <translation>导出台账(&amp;L)…</translation>
    </message>
    <message>
        <source>The cases received or concluded in the period, ready to print</source>
        <translation>本期受理或办结的案件，可直接打印</translation>
    </message>
    <message>
        <source>Export the &amp;statistics…</source>
        <translation>导出统计表(&amp;S)…</translation>
    </message>
    <message>
        <source>These figures and tables, with their definitions</source>
        <translation>本页的数字和分类表，附统计口径</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Concluded</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>People involved</source>
        <translation>涉及人数</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>件</translation>
    </message>
    <message>
        <source>Prevented</source>
        <translation>防止</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>按类别（受理）</translation>
    </message>
    <message>
        <source>By level</source>
        <translation>按层级（办结）</translation>
    </message>
    <message>
        <source>By source</source>
        <translation>按来源（受理）</translation>
    </message>
    <message>
        <source>Prevented escalation</source>
        <translation>防止民转刑、群体性事件</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇(街道)</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Settled</source>
        <translation>调解成功</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>调解成功率</translation>
    </message>
    <message>
        <source>Stays in the village</source>
        <translation>小事不出村</translation>
    </message>
    <message>
        <source>Stays in the township</source>
        <translation>大事不出镇</translation>
    </message>
    <message>
        <source>Sent to the county</source>
        <translation>上报县级</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期未结</translation>
    </message>
    <message>
        <source>Townships side by side (ranked by the share settled in the township)</source>
        <translation>各乡镇(街道)并列（按“大事不出镇”比率排名，相同再比调解成功率）</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>County total</source>
        <translation>全县合计</translation>
    </message>
    <message>
        <source>Export the dispute ledger</source>
        <translation>导出矛盾纠纷台账</translation>
    </message>
    <message>
        <source>{0}dispute ledger {1}.xlsx</source>
        <translation>{0}矛盾纠纷排查化解台账{1}.xlsx</translation>
    </message>
    <message>
        <source>Writing the ledger…</source>
        <translation>正在导出台账…</translation>
    </message>
    <message>
        <source>The ledger of {0} cases was saved as {1}</source>
        <translation>已导出 {0} 件案件的台账：{1}</translation>
    </message>
    <message>
        <source>Export the dispute statistics</source>
        <translation>导出矛盾纠纷统计表</translation>
    </message>
    <message>
        <source>{0}dispute statistics {1}.xlsx</source>
        <translation>{0}矛盾纠纷排查化解统计表{1}.xlsx</translation>
    </message>
    <message>
        <source>Writing the statistics…</source>
        <translation>正在导出统计表…</translation>
    </message>
    <message>
        <source>The statistics were saved as {0}</source>
        <translation>统计表已导出：{0}</translation>
    </message>
    <message>
        <source>The export failed; the details were written to the log.</source>
        <translation>导出失败，详细信息已写入日志。</translation>
    </message>
    <message>
        <source>Civil turning criminal (民转刑)</source>
        <translation>民转刑</translation>
    </message>
    <message>
        <source>Group incidents (群体性)</source>
        <translation>群体性事件</translation>
    </message>
    <message>
        <source>settled {0}, not settled {1}, transferred {2}</source>
        <translation>调解成功 {0} 件，调解不成 {1} 件，移送 {2} 件</translation>
    </message>
    <message>
        <source>{0} settled of {1} mediated to an end</source>
        <translation>调解终结 {1} 件中成功 {0} 件</translation>
    </message>
    <message>
        <source>Small matters stay in the village: {0} of {1} concluded</source>
        <translation>小事不出村：办结 {1} 件中 {0} 件</translation>
    </message>
    <message>
        <source>Big matters stay in the township: {0} of {1} concluded</source>
        <translation>大事不出镇：办结 {1} 件中 {0} 件</translation>
    </message>
    <message>
        <source>sent up to the county</source>
        <translation>上报县级处理</translation>
    </message>
    <message>
        <source>open and past the due date</source>
        <translation>未办结且已过办结期限</translation>
    </message>
</context>
<context>
    <name>CaseListPanel</name>
    <message>
        <source>Number, party name or initials, ID, phone</source>
        <translation>编号、当事人姓名或拼音首字母、身份证号、电话</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>在办（未办结）</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>全部层级</translation>
    </message>
    <message>
        <source>O&amp;verdue only</source>
        <translation>仅看已超期(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Follow-up due</source>
        <translation>待回访(&amp;F)</translation>
    </message>
    <message>
        <source>Settled cases not yet visited whose follow-up visit is due soon or overdue</source>
        <translation>已达成协议、尚未回访，且回访将到期或已超期的案件</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Register a case</source>
        <translation>登记案件</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>状态(&amp;S)</translation>
    </message>
    <message>
        <source>Ca&amp;tegory</source>
        <translation>类别(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Level</source>
        <translation>层级(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Mediator</source>
        <translation>调解员(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Received</source>
        <translation>受理(&amp;R)</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>All mediators</source>
        <translation>全部调解员</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>Date range…</source>
        <translation>自定义日期…</translation>
    </message>
    <message>
        <source>Cannot read the cases; see the log.</source>
        <translation>无法读取案件，详情已写入日志。</translation>
    </message>
    <message>
        <source>Total: {0} cases, {1} follow-up visits overdue</source>
        <translation>共 {0} 件，回访已超期 {1} 件</translation>
    </message>
    <message>
        <source>Total: {0} cases, {1} overdue, {2} follow-up visits overdue</source>
        <translation>共 {0} 件，已超期 {1} 件，回访已超期 {2} 件</translation>
    </message>
    <message>
        <source>Total: {0} cases, {1} overdue</source>
        <translation>共 {0} 件，已超期 {1} 件</translation>
    </message>
</context>
<context>
    <name>CasePage</name>
    <message>
        <source>Back to the list (Esc)</source>
        <translation>返回列表 (Esc)</translation>
    </message>
    <message>
        <source>&amp;Assess…</source>
        <translation>研判(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Route…</source>
        <translation>分流(&amp;R)…</translation>
    </message>
    <message>
        <source>Assign &amp;mediator…</source>
        <translation>指派调解员(&amp;M)…</translation>
    </message>
    <message>
        <source>Re&amp;place mediator…</source>
        <translation>更换调解员(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Start mediation…</source>
        <translation>开始调解(&amp;S)…</translation>
    </message>
    <message>
        <source>Record a s&amp;ession…</source>
        <translation>调解记录(&amp;E)…</translation>
    </message>
    <message>
        <source>Se&amp;ttled…</source>
        <translation>调解成功(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Failed…</source>
        <translation>调解不成(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Close…</source>
        <translation>结案(&amp;C)…</translation>
    </message>
    <message>
        <source>F&amp;ollow up…</source>
        <translation>回访(&amp;O)…</translation>
    </message>
    <message>
        <source>E&amp;xtend…</source>
        <translation>延期(&amp;X)…</translation>
    </message>
    <message>
        <source>Print a&amp;greement…</source>
        <translation>打印调解协议书(&amp;G)…</translation>
    </message>
    <message>
        <source>Print registratio&amp;n form…</source>
        <translation>打印登记表(&amp;N)…</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>发生地</translation>
    </message>
    <message>
        <source>People, amount</source>
        <translation>人数、金额</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Reported by</source>
        <translation>报告人</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>简要情况</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名/名称</translation>
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
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>Mediator</source>
        <translation>调解员</translation>
    </message>
    <message>
        <source>As</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>指派时间</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Reason replaced</source>
        <translation>更换理由</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Mediators (current and earlier)</source>
        <translation>调解员（现任及历任）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Mediators present</source>
        <translation>参加调解员</translation>
    </message>
    <message>
        <source>Parties present</source>
        <translation>到场当事人</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>调解记录</translation>
    </message>
    <message>
        <source>Visited on</source>
        <translation>回访日期</translation>
    </message>
    <message>
        <source>Performed</source>
        <translation>履行情况</translation>
    </message>
    <message>
        <source>Signed on</source>
        <translation>签订日期</translation>
    </message>
    <message>
        <source>Facts and disputed points</source>
        <translation>事实与争议</translation>
    </message>
    <message>
        <source>Agreed terms</source>
        <translation>协议内容</translation>
    </message>
    <message>
        <source>Obligations</source>
        <translation>各方义务</translation>
    </message>
    <message>
        <source>Performance</source>
        <translation>履行方式</translation>
    </message>
    <message>
        <source>Perform by</source>
        <translation>履行期限</translation>
    </message>
    <message>
        <source>Judicial confirmation by</source>
        <translation>司法确认截止</translation>
    </message>
    <message>
        <source>Follow-up due</source>
        <translation>回访期限</translation>
    </message>
    <message>
        <source>No agreement yet.</source>
        <translation>尚未达成调解协议。</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>办理过程</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>调解记录</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>调解协议</translation>
    </message>
    <message>
        <source>Follow-ups</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>Concluded {0}</source>
        <translation>已办结 {0}</translation>
    </message>
    <message>
        <source>Due {0}</source>
        <translation>期限 {0}</translation>
    </message>
    <message>
        <source>{0} people</source>
        <translation>{0} 人</translation>
    </message>
    <message>
        <source>, {0} yuan</source>
        <translation>，{0} 元</translation>
    </message>
    <message>
        <source>risk of turning criminal</source>
        <translation>民转刑风险</translation>
    </message>
    <message>
        <source>group incident risk</source>
        <translation>群体性风险</translation>
    </message>
    <message>
        <source>Not routed yet</source>
        <translation>尚未分流</translation>
    </message>
    <message>
        <source>{0} (extended; originally {1})</source>
        <translation>{0}（已延期，原期限 {1}）</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>主调解员</translation>
    </message>
    <message>
        <source>Second</source>
        <translation>协助调解员</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>至今</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>已履行</translation>
    </message>
    <message>
        <source>No</source>
        <translation>未履行</translation>
    </message>
</context>
<context>
    <name>CaseSettingsPanel</name>
    <message>
        <source>Case deadlines</source>
        <translation>办案期限</translation>
    </message>
    <message>
        <source>&amp;Conclude within</source>
        <translation>办结期限(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Warn before due</source>
        <translation>到期提醒(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Judicial confirmation within</source>
        <translation>司法确认期限(&amp;J)</translation>
    </message>
    <message>
        <source>&amp;Follow-up visit within</source>
        <translation>回访期限(&amp;F)</translation>
    </message>
    <message>
        <source>Days from acceptance; a category may have its own.</source>
        <translation>自受理之日起计算；纠纷类别可另设期限。</translation>
    </message>
    <message>
        <source>Days from the agreement (人民调解法 §33: 30 days).</source>
        <translation>自调解协议生效之日起计算（人民调解法第三十三条：30 日）。</translation>
    </message>
    <message>
        <source>Days from the agreement.</source>
        <translation>自调解协议签订之日起计算。</translation>
    </message>
    <message>
        <source>&amp;Save deadlines</source>
        <translation>保存期限(&amp;S)</translation>
    </message>
    <message>
        <source>Dispute categories</source>
        <translation>纠纷类别</translation>
    </message>
    <message>
        <source>Set &amp;deadline</source>
        <translation>设置期限(&amp;D)</translation>
    </message>
    <message>
        <source>Use defa&amp;ult</source>
        <translation>恢复默认(&amp;U)</translation>
    </message>
    <message>
        <source>New category, e.g. 养老服务</source>
        <translation>新类别，如：养老服务</translation>
    </message>
    <message>
        <source>&amp;Add category</source>
        <translation>添加类别(&amp;A)</translation>
    </message>
    <message>
        <source>Chosen category:</source>
        <translation>所选类别：</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Saved. New cases follow these deadlines.</source>
        <translation>已保存。新登记的案件按此期限计算。</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>发生地</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Mediators</source>
        <translation>调解员</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Concluded {0}</source>
        <translation>已办结 {0}</translation>
    </message>
    <message>
        <source>Follow-up {0}</source>
        <translation>回访 {0}</translation>
    </message>
</context>
<context>
    <name>CategoryModel</name>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Built in</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>Due within</source>
        <translation>办结期限</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Default ({0} days)</source>
        <translation>默认（{0} 天）</translation>
    </message>
    <message>
        <source>{0} days</source>
        <translation>{0} 天</translation>
    </message>
</context>
<context>
    <name>CloseDialog</name>
    <message>
        <source>Close the case</source>
        <translation>结案</translation>
    </message>
    <message>
        <source>&amp;Closed on</source>
        <translation>结案日期(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Reason and other routes told to the parties</source>
        <translation>理由及告知的其他途径(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>说明(&amp;N)</translation>
    </message>
</context>
<context>
    <name>ConvertDialog</name>
    <message>
        <source>Turn into a dispute case</source>
        <translation>转为矛盾纠纷案件</translation>
    </message>
    <message>
        <source>&amp;Category</source>
        <translation>纠纷类别(&amp;C)</translation>
    </message>
    <message>
        <source>Su&amp;mmary</source>
        <translation>简要情况(&amp;M)</translation>
    </message>
</context>
<context>
    <name>CountyAssessmentPanel</name>
    <message>
        <source>&amp;Month</source>
        <translation>月份(&amp;M)</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇(街道)</translation>
    </message>
    <message>
        <source>Assessment state</source>
        <translation>考核状态</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>考核人数</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>平均分</translation>
    </message>
    <message>
        <source>Only approved months count; a township not yet approved shows its state and is left out of the county line. The county monthly report (Reports) prints this table with the dispute figures.</source>
        <translation>只计已审核的月份；未审核的乡镇列出其考核状态，不计入全县合计。“报表”中的县级月报连同矛盾纠纷数字打印此表。</translation>
    </message>
</context>
<context>
    <name>CoverageGapModel</name>
    <message>
        <source>Village</source>
        <translation>村(社区)</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>What to fix</source>
        <translation>如何整改</translation>
    </message>
</context>
<context>
    <name>CoverageSettingsPanel</name>
    <message>
        <source>Grid coverage</source>
        <translation>网格覆盖</translation>
    </message>
    <message>
        <source>Households per micro-grid, at &amp;least</source>
        <translation>每个微网格户数不少于(&amp;L)</translation>
    </message>
    <message>
        <source>Households per micro-grid, at &amp;most</source>
        <translation>每个微网格户数不多于(&amp;M)</translation>
    </message>
    <message>
        <source>Tick the villages the county has sent a first secretary to: only there is an empty post a gap.</source>
        <translation>勾选县里选派了驻村第一书记的村(社区)：只有这些村无人在岗才算缺口。</translation>
    </message>
    <message>
        <source>&amp;First secretary sent to</source>
        <translation>选派驻村第一书记的村(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Save coverage settings</source>
        <translation>保存网格覆盖设置(&amp;S)</translation>
    </message>
    <message>
        <source> households</source>
        <translation> 户</translation>
    </message>
    <message>
        <source>Saved. The coverage view follows these settings.</source>
        <translation>已保存，网格覆盖情况按此设置检查。</translation>
    </message>
</context>
<context>
    <name>CoverageView</name>
    <message>
        <source>Grid coverage</source>
        <translation>网格覆盖情况</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;All villages</source>
        <translation>全部村(社区)(&amp;A)</translation>
    </message>
    <message>
        <source>Open in r&amp;oster</source>
        <translation>到花名册(&amp;O)</translation>
    </message>
    <message>
        <source>Or double-click a gap</source>
        <translation>也可双击一条缺口</translation>
    </message>
    <message>
        <source>{0}, as of {1}: {2} villages, {3} fully covered; {4} grids, {5} micro-grids ({6}–{7} households each); {8} gaps</source>
        <translation>{0}，截至 {1}：{2} 个村(社区)，{3} 个全部达标；{4} 个网格、{5} 个微网格（每个 {6}～{7} 户）；共 {8} 处缺口</translation>
    </message>
    <message>
        <source>○ {0}: for reference</source>
        <translation>○ {0}：仅供参考</translation>
    </message>
    <message>
        <source>✓ {0}: {1}/{2} villages</source>
        <translation>✓ {0}：{1}/{2} 个村达标</translation>
    </message>
    <message>
        <source>✗ {0}: {1}/{2} villages, {3} gap(s)</source>
        <translation>✗ {0}：{1}/{2} 个村达标，{3} 处缺口</translation>
    </message>
    <message>
        <source>Gaps to fix in all villages: {0}</source>
        <translation>全部村(社区)待整改的缺口：{0} 处</translation>
    </message>
    <message>
        <source>Gaps to fix in {0}: {1}</source>
        <translation>{0}待整改的缺口：{1} 处</translation>
    </message>
</context>
<context>
    <name>CoverageVillageModel</name>
    <message>
        <source>Village</source>
        <translation>村(社区)</translation>
    </message>
    <message>
        <source>{0}: {1} grids, {2} micro-grids</source>
        <translation>{0}：{1} 个网格，{2} 个微网格</translation>
    </message>
    <message>
        <source>○ for reference</source>
        <translation>○ 参考</translation>
    </message>
    <message>
        <source>✓ met</source>
        <translation>✓ 达标</translation>
    </message>
    <message>
        <source>✗ {0} gap(s)</source>
        <translation>✗ {0} 处</translation>
    </message>
</context>
<context>
    <name>DatabaseProblemDialog</name>
    <message>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <source>Newest good backup: {0} ({1}), {2}. Restoring it keeps the current file aside; what was entered after the backup must be entered again.</source>
        <translation>最近一份完好的备份：{0}（{1}），{2}。恢复时会把当前文件另存一份；该备份之后录入的内容需要重新录入。</translation>
    </message>
    <message>
        <source>&amp;Restore the newest backup</source>
        <translation>恢复最近的备份(&amp;R)</translation>
    </message>
    <message>
        <source>Open &amp;read-only</source>
        <translation>只读打开(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>DetailModel</name>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>After</source>
        <translation>新值</translation>
    </message>
</context>
<context>
    <name>DisputesPage</name>
    <message>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Mediators</source>
        <translation>调解员</translation>
    </message>
    <message>
        <source>Registered {0}.</source>
        <translation>已登记 {0}。</translation>
    </message>
</context>
<context>
    <name>DurationEdit</name>
    <message>
        <source>hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>days</source>
        <translation>天</translation>
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
    <name>EntriesModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
</context>
<context>
    <name>ExchangePage</name>
    <message>
        <source>Data exchange</source>
        <translation>数据交换</translation>
    </message>
    <message>
        <source>Import the rosters villages send, export the roster for the county, and exchange sync packages with the county centre.</source>
        <translation>导入各村报来的花名册，按县里的模板导出花名册，并与县综治中心交换同步包。</translation>
    </message>
    <message>
        <source>&amp;Import a roster…</source>
        <translation>导入花名册(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export the roster…</source>
        <translation>导出花名册(&amp;E)…</translation>
    </message>
    <message>
        <source>Export a &amp;blank template…</source>
        <translation>导出空白模板(&amp;B)…</translation>
    </message>
    <message>
        <source>Export a &amp;sync package…</source>
        <translation>导出同步包(&amp;S)…</translation>
    </message>
    <message>
        <source>Import a s&amp;ync package…</source>
        <translation>导入同步包(&amp;Y)…</translation>
    </message>
    <message>
        <source>Export the &amp;county package…</source>
        <translation>导出县级下发包(&amp;C)…</translation>
    </message>
    <message>
        <source>Import the county p&amp;ackage…</source>
        <translation>导入县级下发包(&amp;A)…</translation>
    </message>
    <message>
        <source>Read a village&apos;s spreadsheet (Excel, WPS, CSV): check every row, see what will change, then import.</source>
        <translation>读取村里报来的表格（Excel、WPS、CSV）：逐行检查，先看清会有哪些变化，再导入。</translation>
    </message>
    <message>
        <source>The roster in the county&apos;s template, for the whole township or the unit selected in the grid tree. ID numbers and phones are masked unless you choose otherwise.</source>
        <translation>按县里的模板导出全乡镇或网格树中选中单位的花名册。除非另行选择，身份证号码和电话均做脱敏处理。</translation>
    </message>
    <message>
        <source>An empty roster in the county&apos;s template, with drop-downs, for villages to fill.</source>
        <translation>县里模板的空白花名册（带下拉选项），发给各村填写。</translation>
    </message>
    <message>
        <source>The township&apos;s grid, people and assignments for the county centre, with full ID numbers (内部资料).</source>
        <translation>本乡镇的网格、人员和任职，交县综治中心；含完整身份证号码（内部资料）。</translation>
    </message>
    <message>
        <source>Read a package from the county centre or a township: see what it adds and changes, decide each conflict, then apply.</source>
        <translation>读取县综治中心或乡镇发来的同步包：先看新增和修改了什么，逐条决定冲突，再应用。</translation>
    </message>
    <message>
        <source>County centre: the assessment scheme, the role catalogue and the dispute categories with their deadlines, for every township to import.</source>
        <translation>县综治中心用：考核细则、岗位目录和纠纷类别（含办结期限），下发给各乡镇导入。</translation>
    </message>
    <message>
        <source>Township: take what the county sent. Roles and categories of your own are kept.</source>
        <translation>乡镇用：导入县里下发的内容；本乡镇自己添加的岗位和纠纷类别保留。</translation>
    </message>
    <message>
        <source>Sync packages received</source>
        <translation>收到的同步包</translation>
    </message>
    <message>
        <source>To&amp;wnship:</source>
        <translation>乡镇(&amp;W)：</translation>
    </message>
    <message>
        <source>Sync packages received ({0})</source>
        <translation>收到的同步包（{0} 个）</translation>
    </message>
    <message>
        <source>All townships</source>
        <translation>全部乡镇</translation>
    </message>
    <message>
        <source>{0} rows of the roster were saved as {1}</source>
        <translation>已导出花名册 {0} 行，保存为 {1}</translation>
    </message>
    <message>
        <source>roster template.xlsx</source>
        <translation>花名册空白模板.xlsx</translation>
    </message>
    <message>
        <source>Export a blank template</source>
        <translation>导出空白模板</translation>
    </message>
    <message>
        <source>Writing the template…</source>
        <translation>正在生成模板…</translation>
    </message>
    <message>
        <source>The blank template was saved as {0}</source>
        <translation>空白模板已保存为 {0}</translation>
    </message>
    <message>
        <source>There is no assessment scheme to send yet.</source>
        <translation>还没有可下发的考核细则。</translation>
    </message>
    <message>
        <source>Export the county package</source>
        <translation>导出县级下发包</translation>
    </message>
    <message>
        <source>Scheme:</source>
        <translation>考核细则：</translation>
    </message>
    <message>
        <source>county package.xlsx</source>
        <translation>县级下发包.xlsx</translation>
    </message>
    <message>
        <source>Writing the county package…</source>
        <translation>正在写入县级下发包…</translation>
    </message>
    <message>
        <source>The county package ({1}) was saved as {0}</source>
        <translation>县级下发包（{1}）已保存为 {0}</translation>
    </message>
    <message>
        <source>Import the county package</source>
        <translation>导入县级下发包</translation>
    </message>
    <message>
        <source>Cannot write the file: {0}</source>
        <translation>无法写入文件：{0}</translation>
    </message>
    <message>
        <source>The export failed; the details were written to the log.</source>
        <translation>导出失败，详细情况已写入日志。</translation>
    </message>
    <message>
        <source>Import a sync package</source>
        <translation>导入同步包</translation>
    </message>
</context>
<context>
    <name>ExportFileDialog</name>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Save &amp;as:</source>
        <translation>保存为(&amp;A)：</translation>
    </message>
    <message>
        <source>Choose where to save the file.</source>
        <translation>请选择文件的保存位置。</translation>
    </message>
    <message>
        <source>The export failed; the details were written to the log.</source>
        <translation>导出失败，详细情况已写入日志。</translation>
    </message>
    <message>
        <source>Cannot use the file: {0}</source>
        <translation>无法使用该文件：{0}</translation>
    </message>
</context>
<context>
    <name>ExportRosterDialog</name>
    <message>
        <source>Export the roster</source>
        <translation>导出花名册</translation>
    </message>
    <message>
        <source>roster {0}.xlsx</source>
        <translation>花名册 {0}.xlsx</translation>
    </message>
    <message>
        <source>The whole roster</source>
        <translation>全部花名册</translation>
    </message>
    <message>
        <source>Only {0} and the units under it</source>
        <translation>只导出“{0}”及其下属单位</translation>
    </message>
    <message>
        <source>Show full ID numbers and phones (only for reports to the county centre)</source>
        <translation>显示完整身份证号码和电话（仅供上报县综治中心）</translation>
    </message>
    <message>
        <source>The file will then hold personal information: keep it safe, hand it only to the county centre, and delete copies you no longer need.</source>
        <translation>这样导出的文件含有个人信息：请妥善保管，只交给县综治中心，不再需要的副本请删除。</translation>
    </message>
    <message>
        <source>Exporting the roster…</source>
        <translation>正在导出花名册…</translation>
    </message>
</context>
<context>
    <name>ExportSyncDialog</name>
    <message>
        <source>Export a sync package</source>
        <translation>导出同步包</translation>
    </message>
    <message>
        <source>sync package {0}.xlsx</source>
        <translation>同步包 {0}.xlsx</translation>
    </message>
    <message>
        <source>The package holds the township&apos;s grid units, people and assignments for the county centre, which imports it into its own Fengwang.</source>
        <translation>同步包含本乡镇的网格单位、人员和任职，供县综治中心导入其枫网。</translation>
    </message>
    <message>
        <source>The package carries full ID numbers and phones and is classified internal (内部资料). Hand it only to the county centre, carry it only on a trusted drive, and delete copies you no longer need.</source>
        <translation>同步包含完整的身份证号码和电话，属内部资料。只交给县综治中心，只用可信的U盘或电脑存放传递，不再需要的副本请及时删除。</translation>
    </message>
    <message>
        <source>Writing the sync package…</source>
        <translation>正在写入同步包…</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>{0}: {1} rows</source>
        <translation>{0}：{1} 行</translation>
    </message>
    <message>
        <source>The sync package of {0} was saved as {1} ({2}). It holds full ID numbers: hand it only to the county centre.</source>
        <translation>{0}的同步包已保存为 {1}（{2}）。其中含完整身份证号码，只能交给县综治中心。</translation>
    </message>
</context>
<context>
    <name>ExtendDialog</name>
    <message>
        <source>Extend the deadline</source>
        <translation>延期</translation>
    </message>
    <message>
        <source>Due now</source>
        <translation>现期限</translation>
    </message>
    <message>
        <source>&amp;New due date</source>
        <translation>新期限(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>理由(&amp;R)</translation>
    </message>
</context>
<context>
    <name>FailDialog</name>
    <message>
        <source>Mediation failed</source>
        <translation>调解不成</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>理由(&amp;R)</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Choose the file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>A roster a village sent: Excel, WPS, OpenDocument or CSV.</source>
        <translation>村里报来的花名册：Excel、WPS、OpenDocument 或 CSV 文件。</translation>
    </message>
    <message>
        <source>Path of the spreadsheet</source>
        <translation>表格文件的路径</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>Choose a roster</source>
        <translation>选择花名册</translation>
    </message>
    <message>
        <source>Spreadsheets</source>
        <translation>表格文件</translation>
    </message>
    <message>
        <source>File not found: {0}</source>
        <translation>找不到文件：{0}</translation>
    </message>
    <message>
        <source>This file cannot be read as a spreadsheet.</source>
        <translation>无法把这个文件当作表格读取，请确认它是 Excel、WPS 或 CSV 文件。</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <source>Set up the administrator</source>
        <translation>设立管理员</translation>
    </message>
    <message>
        <source>This database has no user yet. Create the administrator account: the administrator adds the other users and gives each a role.</source>
        <translation>该数据库还没有用户。请先设立管理员账户：由管理员添加其他用户，并为每人指定角色。</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>Password &amp;again</source>
        <translation>再次输入密码(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Create and log in</source>
        <translation>创建并登录(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>The two passwords differ</source>
        <translation>两次输入的密码不一致</translation>
    </message>
</context>
<context>
    <name>FollowUpDialog</name>
    <message>
        <source>Follow-up visit</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>The agreement is being &amp;honoured</source>
        <translation>协议已履行(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Visited on</source>
        <translation>回访日期(&amp;V)</translation>
    </message>
    <message>
        <source>Performed</source>
        <translation>履行情况</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>说明(&amp;N)</translation>
    </message>
</context>
<context>
    <name>HeaderPage</name>
    <message>
        <source>Choose the header row</source>
        <translation>选择表头行</translation>
    </message>
    <message>
        <source>The row holding the column names is selected; title rows above it are skipped. Click another row if it is wrong.</source>
        <translation>已选中含列名的一行，它上面的标题行会被跳过。如果选错了，请点选另一行。</translation>
    </message>
    <message>
        <source>No header row was recognised: choose it yourself.</source>
        <translation>没有识别出表头行，请自行点选。</translation>
    </message>
    <message>
        <source>Row {0} was recognised as the header (in bold).</source>
        <translation>已识别第 {0} 行为表头（粗体显示）。</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等次</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Village rank</source>
        <translation>村内排名</translation>
    </message>
    <message>
        <source> (veto)</source>
        <translation>（一票否决）</translation>
    </message>
    <message>
        <source>{0} of {1}</source>
        <translation>{0} / {1}</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Name or initials</source>
        <translation>姓名或拼音首字母</translation>
    </message>
    <message>
        <source>No approved month yet: history starts with approval.</source>
        <translation>还没有审核通过的月份：审核通过后才有个人历史。</translation>
    </message>
    <message>
        <source>{0}: {1} approved months</source>
        <translation>{0}：已审核 {1} 个月</translation>
    </message>
    <message>
        <source>Monthly total</source>
        <translation>月度总分</translation>
    </message>
    <message>
        <source>Grades in the township</source>
        <translation>全乡镇等次分布</translation>
    </message>
    <message>
        <source>Grades in the township, {0}</source>
        <translation>全乡镇等次分布（{0}）</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>人数</translation>
    </message>
</context>
<context>
    <name>ImportSyncDialog</name>
    <message>
        <source>Import a sync package</source>
        <translation>导入同步包</translation>
    </message>
    <message>
        <source>Checking {0}…</source>
        <translation>正在检查 {0}…</translation>
    </message>
    <message>
        <source>All records that change</source>
        <translation>全部有变化的记录</translation>
    </message>
    <message>
        <source>S&amp;how:</source>
        <translation>显示(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Keep ours</source>
        <translation>保留本机(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Take theirs</source>
        <translation>采用对方(&amp;T)</translation>
    </message>
    <message>
        <source>Keep ours for &amp;all</source>
        <translation>全部保留本机(&amp;A)</translation>
    </message>
    <message>
        <source>Take theirs for a&amp;ll</source>
        <translation>全部采用对方(&amp;L)</translation>
    </message>
    <message>
        <source>Conflicts (changed on both sides):</source>
        <translation>冲突（两边都改过）：</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>应用(&amp;P)</translation>
    </message>
    <message>
        <source>Package from {0} ({1}), exported {2}; nothing has been written yet.</source>
        <translation>同步包来自{0}（{1}），导出于 {2}；尚未写入任何数据。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>The package was not imported; nothing was written.</source>
        <translation>同步包未导入，未写入任何数据。</translation>
    </message>
    <message>
        <source>The package cannot be read; the details are in the log.</source>
        <translation>无法读取同步包，详情已写入日志。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Only ours can be kept: {0}</source>
        <translation>只能保留本机：{0}</translation>
    </message>
    <message>
        <source>{0} conflicts still need a decision: keep ours or take theirs, row by row or for all.</source>
        <translation>还有 {0} 条冲突待定：请逐条或全部选择保留本机或采用对方。</translation>
    </message>
    <message>
        <source>Every conflict is decided.</source>
        <translation>冲突已全部决定。</translation>
    </message>
    <message>
        <source>No conflicts.</source>
        <translation>没有冲突。</translation>
    </message>
    <message>
        <source>Applying the sync package…</source>
        <translation>正在应用同步包…</translation>
    </message>
    <message>
        <source>The sync failed; nothing was written. The details are in the log.</source>
        <translation>同步失败，未写入任何数据，详情已写入日志。</translation>
    </message>
    <message>
        <source>The sync package was applied: {0} added, {1} updated, {2} kept as ours.</source>
        <translation>同步包已应用：新增 {0}，更新 {1}，保留本机 {2}。</translation>
    </message>
    <message>
        <source>Units the township deleted, deleted here: {0}</source>
        <translation>乡镇已删除的单位，本机随之删除：{0} 个</translation>
    </message>
    <message>
        <source>New roles: {0}</source>
        <translation>新建的职务：{0}</translation>
    </message>
    <message>
        <source>New dispute categories: {0}</source>
        <translation>新增纠纷类别：{0}</translation>
    </message>
    <message>
        <source>New warning types: {0}</source>
        <translation>新增预警类型：{0}</translation>
    </message>
    <message>
        <source>Left out: {0}</source>
        <translation>未导入：{0}</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import a roster</source>
        <translation>导入花名册</translation>
    </message>
    <message>
        <source>Nothing can be imported: all {0} rows were rejected. Correct them in the file and import it again.</source>
        <translation>没有可导入的行：{0} 行全部被拒绝。请按“原因”改正原文件后重新导入。</translation>
    </message>
    <message>
        <source>Nothing can be imported: the file has no rows.</source>
        <translation>没有可导入的行：文件里没有数据行。</translation>
    </message>
    <message>
        <source>{0} rows: {1} new, {2} updated, {3} unchanged, {4} rejected</source>
        <translation>共 {0} 行：新增 {1}，更新 {2}，无变化 {3}，拒绝 {4}</translation>
    </message>
</context>
<context>
    <name>ListAndRecordPage</name>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <source>Fengwang is locked</source>
        <translation>枫网已锁定</translation>
    </message>
    <message>
        <source>The window was locked after a time without use. Enter the password of {0}.</source>
        <translation>窗口因长时间未操作已锁定。请输入 {0} 的密码解锁。</translation>
    </message>
    <message>
        <source>The window is locked. Enter the password of {0} to go on.</source>
        <translation>窗口已锁定。请输入 {0} 的密码继续使用。</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Quit Fengwang</source>
        <translation>退出程序(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in to Fengwang</source>
        <translation>登录枫网</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Log in</source>
        <translation>登录(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Enter your user name</source>
        <translation>请填写用户名</translation>
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
        <source>Assessment</source>
        <translation>考核</translation>
    </message>
    <message>
        <source>Warnings and dispatch</source>
        <translation>预警派单</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Data exchange</source>
        <translation>数据交换</translation>
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
        <source>Change my &amp;password…</source>
        <translation>修改密码(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Lock now</source>
        <translation>立即锁定(&amp;L)</translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>密码已修改。</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>{0} ({1} townships)</source>
        <translation>{0}（{1} 个乡镇）</translation>
    </message>
    <message>
        <source>No township set</source>
        <translation>未设置乡镇</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>Match the columns</source>
        <translation>对应列</translation>
    </message>
    <message>
        <source>For each column of the file, the field it holds. Columns were matched by their names; correct any that are wrong. The choice is remembered for files laid out the same way.</source>
        <translation>为文件的每一列选择它对应的字段。已按列名自动对应，如有不对请改正；您的选择会被记住，格式相同的文件下次自动套用。</translation>
    </message>
    <message>
        <source>The mapping saved for this layout was applied.</source>
        <translation>已套用上次为这种格式保存的对应关系。</translation>
    </message>
    <message>
        <source>Columns were matched by their names.</source>
        <translation>已按列名自动对应。</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（无列名）</translation>
    </message>
    <message>
        <source>e.g. {0}</source>
        <translation>例：{0}</translation>
    </message>
    <message>
        <source>Do not import</source>
        <translation>不导入</translation>
    </message>
    <message>
        <source>{0} is chosen for two columns: keep it on one.</source>
        <translation>“{0}”被选给了两列，请只保留一列。</translation>
    </message>
</context>
<context>
    <name>MediatorWorkload</name>
    <message>
        <source>Mediator workload</source>
        <translation>调解员工作量</translation>
    </message>
    <message>
        <source>&amp;Specialties…</source>
        <translation>擅长类别(&amp;S)…</translation>
    </message>
    <message>
        <source>as of {0}; concluded since {1}</source>
        <translation>截至 {0}；本月办结自 {1} 起计</translation>
    </message>
</context>
<context>
    <name>MonthPanel</name>
    <message>
        <source>&amp;Scheme</source>
        <translation>细则(&amp;S)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation>重新打开…</translation>
    </message>
    <message>
        <source>Export sheet…</source>
        <translation>导出考核表…</translation>
    </message>
    <message>
        <source>Import sheet…</source>
        <translation>导入考核表…</translation>
    </message>
    <message>
        <source>Print report…</source>
        <translation>打印月度考核报表…</translation>
    </message>
    <message>
        <source>&amp;Township</source>
        <translation>乡镇(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Month</source>
        <translation>月份(&amp;M)</translation>
    </message>
    <message>
        <source>There is no township in the database yet.</source>
        <translation>数据库中还没有乡镇(街道)。</translation>
    </message>
    <message>
        <source>Cannot read the assessment; see the log.</source>
        <translation>无法读取考核数据，请查看日志。</translation>
    </message>
    <message>
        <source>Status: {0}</source>
        <translation>状态：{0}</translation>
    </message>
    <message>
        <source>Status: not started (created at the first entry)</source>
        <translation>状态：未开始（首次录入时建立）</translation>
    </message>
    <message>
        <source> (reopened {0} times)</source>
        <translation>（已重新打开 {0} 次）</translation>
    </message>
    <message>
        <source>{0} · {1} workers</source>
        <translation>{0} · 共 {1} 人</translation>
    </message>
    <message>
        <source> · approved and locked: reopen it to correct an entry</source>
        <translation> · 已审核锁定，如需更正请重新打开</translation>
    </message>
    <message>
        <source> · read only: your role does not enter scores</source>
        <translation> · 只读：当前角色不录入评分</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Pasted {0} cells, {1} not saved</source>
        <translation>已粘贴 {0} 格，{1} 格未保存</translation>
    </message>
    <message>
        <source>; {0} cells fall outside the sheet</source>
        <translation>；{0} 格超出表格范围</translation>
    </message>
    <message>
        <source>Pasted {0} cells.</source>
        <translation>已粘贴 {0} 格。</translation>
    </message>
    <message>
        <source>Fill in the cell before adding a note to it.</source>
        <translation>请先填写该格，再添加备注。</translation>
    </message>
    <message>
        <source>Note…</source>
        <translation>备注…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>{0} is approved and locked; reopen it to correct an entry.</source>
        <translation>{0}的考核已审核锁定；如需更正，请先重新打开。</translation>
    </message>
    <message>
        <source>Manual items are still blank for: {0}. Blank cells count 0. Submit anyway?</source>
        <translation>以下人员的手工评分项尚未填写：{0}。空白按 0 分计，仍然提交吗？</translation>
    </message>
    <message>
        <source>Approve {0}? The month is then locked: its results are kept as they are now.</source>
        <translation>审核通过{0}的考核？审核通过后本月锁定，按当前结果存档。</translation>
    </message>
    <message>
        <source>The file could not be processed; see the log.</source>
        <translation>文件未能处理，详见日志。</translation>
    </message>
    <message>
        <source>Export assessment sheet</source>
        <translation>导出考核表</translation>
    </message>
    <message>
        <source>Exporting the sheet…</source>
        <translation>正在导出考核表…</translation>
    </message>
    <message>
        <source>Exported the sheet of {0} workers to {1}</source>
        <translation>已导出 {0} 人的考核表 → {1}</translation>
    </message>
    <message>
        <source>Import assessment sheet</source>
        <translation>导入考核表</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>{0} workers read: {1} cells to write, {2} unchanged, {3} refused.</source>
        <translation>读取 {0} 人：{1} 格待写入，无变化 {2} 格，拒绝 {3} 格。</translation>
    </message>
    <message>
        <source>Nothing to import. {0}</source>
        <translation>没有可导入的分数。{0}</translation>
    </message>
    <message>
        <source>Trial import of {0}: {1} Import the cells that passed?</source>
        <translation>试导入 {0}：{1}是否导入通过校验的单元格？</translation>
    </message>
    <message>
        <source>Imported {0} cells.</source>
        <translation>已导入 {0} 格。</translation>
    </message>
    <message>
        <source>{0} cells were refused. Save the result workbook with the reasons?</source>
        <translation>有 {0} 格被拒绝。是否保存列出原因的导入结果工作簿？</translation>
    </message>
    <message>
        <source>Save import result</source>
        <translation>保存导入结果</translation>
    </message>
    <message>
        <source>Saving the result…</source>
        <translation>正在保存导入结果…</translation>
    </message>
    <message>
        <source>Result saved to {0}</source>
        <translation>导入结果已保存 → {0}</translation>
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
    <name>NewCaseDialog</name>
    <message>
        <source>Register a case</source>
        <translation>登记案件</translation>
    </message>
    <message>
        <source>Count the parties</source>
        <translation>按当事人计</translation>
    </message>
    <message>
        <source>Yuan, e.g. 12000 or 3500.50</source>
        <translation>单位：元，如 12000 或 3500.50</translation>
    </message>
    <message>
        <source>Risk of turning criminal</source>
        <translation>民转刑风险</translation>
    </message>
    <message>
        <source>Group incident risk</source>
        <translation>群体性</translation>
    </message>
    <message>
        <source>&amp;Received on</source>
        <translation>受理日期(&amp;R)</translation>
    </message>
    <message>
        <source>S&amp;ource</source>
        <translation>来源(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Category</source>
        <translation>纠纷类别(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Where</source>
        <translation>发生地(&amp;W)</translation>
    </message>
    <message>
        <source>Re&amp;ported by</source>
        <translation>报告人(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;People involved</source>
        <translation>涉及人数(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Amount</source>
        <translation>涉及金额(&amp;A)</translation>
    </message>
    <message>
        <source>Ris&amp;k</source>
        <translation>风险等级(&amp;K)</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>风险标记</translation>
    </message>
    <message>
        <source>Su&amp;mmary</source>
        <translation>简要情况(&amp;M)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>NewWarningDialog</name>
    <message>
        <source>Report a warning</source>
        <translation>上报预警</translation>
    </message>
    <message>
        <source> people</source>
        <translation> 人</translation>
    </message>
    <message>
        <source>&amp;When</source>
        <translation>上报时间(&amp;W)</translation>
    </message>
    <message>
        <source>W&amp;here</source>
        <translation>发生地(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Type</source>
        <translation>预警类型(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Urgency</source>
        <translation>紧急程度(&amp;U)</translation>
    </message>
    <message>
        <source>What was &amp;seen</source>
        <translation>预警情况(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;People affected</source>
        <translation>涉及人数(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Reported by</source>
        <translation>报告人(&amp;R)</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>OutcomeModel</name>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>岗位</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>无变化</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>{0} errors: {1}</source>
        <translation>{0} 处错误：{1}</translation>
    </message>
    <message>
        <source>Row {0} ({1}):</source>
        <translation>第 {0} 行（{1}）：</translation>
    </message>
</context>
<context>
    <name>PaperPreview</name>
    <message>
        <source>The choices changed: preview again.</source>
        <translation>选择已改变，请重新预览</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Whole page</source>
        <translation>整页</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Making the paper…</source>
        <translation>正在生成报表…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>{0} · {1} pages</source>
        <translation>{0} · 共 {1} 页</translation>
    </message>
    <message>
        <source>No font can print these characters: {0}. The paper marks them; check the names and write them in by hand.</source>
        <translation>以下字符没有可用的字体，无法打印：{0}。报表上已作标记，请核对姓名，打印后手写补正。</translation>
    </message>
    <message>
        <source>The paper could not be made; see the log.</source>
        <translation>报表未能生成，详情已记录在日志中。</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>Cannot save {0}: {1}</source>
        <translation>无法保存 {0}：{1}</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
</context>
<context>
    <name>PartyReportDialog</name>
    <message>
        <source>Party member on duty</source>
        <translation>党员报到</translation>
    </message>
    <message>
        <source>&amp;Party member</source>
        <translation>报到党员(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;When</source>
        <translation>报到时间(&amp;W)</translation>
    </message>
    <message>
        <source>What they &amp;did</source>
        <translation>做了什么(&amp;D)</translation>
    </message>
</context>
<context>
    <name>PartyRow</name>
    <message>
        <source>Person</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>PartyRows</name>
    <message>
        <source>Parties (at least two)</source>
        <translation>当事人（至少两方）</translation>
    </message>
    <message>
        <source>A&amp;dd a party</source>
        <translation>添加当事人(&amp;D)</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名/名称</translation>
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
        <source>Address</source>
        <translation>住址</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Reset the password of {0}</source>
        <translation>重设 {0} 的密码</translation>
    </message>
    <message>
        <source>Change my password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>&amp;Current password</source>
        <translation>原密码(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;New password</source>
        <translation>新密码(&amp;N)</translation>
    </message>
    <message>
        <source>New password &amp;again</source>
        <translation>再次输入新密码(&amp;A)</translation>
    </message>
    <message>
        <source>The two passwords differ</source>
        <translation>两次输入的密码不一致</translation>
    </message>
</context>
<context>
    <name>PeriodModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村(社区)</translation>
    </message>
    <message>
        <source>Months scored</source>
        <translation>考核月数</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等次</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Village rank</source>
        <translation>村内排名</translation>
    </message>
    <message>
        <source> (veto)</source>
        <translation>（一票否决）</translation>
    </message>
    <message>
        <source>Not ranked</source>
        <translation>不排名</translation>
    </message>
</context>
<context>
    <name>PeriodsPanel</name>
    <message>
        <source> (year)</source>
        <translation> 年</translation>
    </message>
    <message>
        <source>Whole year</source>
        <translation>全年</translation>
    </message>
    <message>
        <source>Quarter {0}</source>
        <translation>第{0}季度</translation>
    </message>
    <message>
        <source>Mean of the months</source>
        <translation>月平均</translation>
    </message>
    <message>
        <source>First half 40% + second half 60%</source>
        <translation>上半年40%+下半年60%</translation>
    </message>
    <message>
        <source>Ranked from </source>
        <translation>至少 </translation>
    </message>
    <message>
        <source> months</source>
        <translation> 个月参与排名</translation>
    </message>
    <message>
        <source>Month {0}</source>
        <translation>{0}月</translation>
    </message>
    <message>
        <source>Yuan per month</source>
        <translation>每人每月（元）</translation>
    </message>
    <message>
        <source>Set amount</source>
        <translation>设置金额</translation>
    </message>
    <message>
        <source>&amp;Scheme</source>
        <translation>细则(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Year</source>
        <translation>年份(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;Period</source>
        <translation>期间(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Method</source>
        <translation>计分方法(&amp;M)</translation>
    </message>
    <message>
        <source>Allowances of</source>
        <translation>绩效补贴：</translation>
    </message>
    <message>
        <source>Amount for grade</source>
        <translation>等次金额：</translation>
    </message>
    <message>
        <source>There is no township in the database yet.</source>
        <translation>数据库中还没有乡镇(街道)。</translation>
    </message>
    <message>
        <source>{0}: {1} approved months, {2} workers.</source>
        <translation>{0}：已审核 {1} 个月，{2} 人。</translation>
    </message>
    <message>
        <source> Not yet approved, not counted: month {0}.</source>
        <translation>尚未审核、未计入：{0}月。</translation>
    </message>
    <message>
        <source>Grades: {0}</source>
        <translation>等次分布：{0}</translation>
    </message>
    <message>
        <source>{0} {1} people {2} yuan</source>
        <translation>{0} {1} 人 {2} 元</translation>
    </message>
    <message>
        <source>{0}, {1}: {2} people, total {3} yuan ({4}).</source>
        <translation>{0}{1}：{2} 人，合计 {3} 元（{4}）。</translation>
    </message>
    <message>
        <source> Not yet approved, missing: {0}.</source>
        <translation>尚未审核、未列入：{0}。</translation>
    </message>
    <message>
        <source>Type the amount in yuan, such as 300 or 300.50</source>
        <translation>请输入金额（元），如 300 或 300.50</translation>
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
        <source>&amp;Role</source>
        <translation>岗位(&amp;R)</translation>
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
        <source>Remove the stored number</source>
        <translation>清除已登记的号码</translation>
    </message>
    <message>
        <source>Choose the unit where the post is held</source>
        <translation>请选择任职的网格单位</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Check before importing</source>
        <translation>导入前检查</translation>
    </message>
    <message>
        <source>What the import will do with each row; nothing has been written yet.</source>
        <translation>导入会如何处理每一行；目前还没有写入任何数据。</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>全部行</translation>
    </message>
    <message>
        <source>S&amp;how:</source>
        <translation>显示(&amp;H)：</translation>
    </message>
    <message>
        <source>Import the valid rows only (rejected rows are left out)</source>
        <translation>只导入合格的行（被拒绝的行不导入）</translation>
    </message>
    <message>
        <source>All or nothing: import only if no row is rejected</source>
        <translation>全部或全不：只有所有行都合格才导入</translation>
    </message>
    <message>
        <source>&amp;Open the result workbook</source>
        <translation>打开结果工作簿(&amp;O)</translation>
    </message>
    <message>
        <source>Checking the rows…</source>
        <translation>正在检查各行…</translation>
    </message>
    <message>
        <source>The import failed; nothing was written. The details are in the log.</source>
        <translation>导入失败，数据库没有任何改动。详细情况已写入日志。</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Import a roster</source>
        <translation>导入花名册</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>ReceivedPackagesModel</name>
    <message>
        <source>Township</source>
        <translation>乡镇(街道)</translation>
    </message>
    <message>
        <source>Exported at</source>
        <translation>导出时间</translation>
    </message>
    <message>
        <source>Imported at</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <source>Imported by</source>
        <translation>导入人</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
</context>
<context>
    <name>RecordListPanel</name>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
</context>
<context>
    <name>RecordPage</name>
    <message>
        <source>← Back to the list</source>
        <translation>← 返回列表</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>ReopenDialog</name>
    <message>
        <source>Reopen {0}</source>
        <translation>重新打开{0}</translation>
    </message>
    <message>
        <source>What must be corrected, and at whose request</source>
        <translation>需要更正什么，由谁提出</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>另存为 PDF(&amp;S)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>This paper prints full ID numbers and phones: keep it safe, and destroy copies you no longer need.</source>
        <translation>此报表印有完整的身份证号码和电话：请妥善保管，多余的副本请及时销毁。</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Pre&amp;view</source>
        <translation>预览(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>另存为 PDF(&amp;S)…</translation>
    </message>
    <message>
        <source>Choose the paper and what it covers, then Preview (Enter).</source>
        <translation>选好报表和范围后，点“预览”（或按回车）在这里查看；也可直接打印或另存为 PDF。</translation>
    </message>
    <message>
        <source>A month</source>
        <translation>按月</translation>
    </message>
    <message>
        <source>From … to</source>
        <translation>按起止日期</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Whole year</source>
        <translation>全年</translation>
    </message>
    <message>
        <source>First quarter</source>
        <translation>第一季度</translation>
    </message>
    <message>
        <source>Second quarter</source>
        <translation>第二季度</translation>
    </message>
    <message>
        <source>Third quarter</source>
        <translation>第三季度</translation>
    </message>
    <message>
        <source>Fourth quarter</source>
        <translation>第四季度</translation>
    </message>
    <message>
        <source>Case number, e.g. 0012</source>
        <translation>案件编号，如 0012</translation>
    </message>
    <message>
        <source>Name, pinyin initials or ID</source>
        <translation>姓名、拼音首字母或身份证号</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>统计期间</translation>
    </message>
    <message>
        <source>&amp;Month</source>
        <translation>月份(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Dates</source>
        <translation>起止日期(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Year</source>
        <translation>年份(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;Unit</source>
        <translation>范围(&amp;U)</translation>
    </message>
    <message>
        <source>S&amp;cheme</source>
        <translation>考核细则(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Case</source>
        <translation>案件(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Worker</source>
        <translation>网格员(&amp;W)</translation>
    </message>
    <message>
        <source>Reading the workers…</source>
        <translation>正在读取网格员…</translation>
    </message>
    <message>
        <source>Nobody assessed in this month matches</source>
        <translation>该月考核名单中没有符合的人员</translation>
    </message>
    <message>
        <source>Nobody was assessed in this month</source>
        <translation>该月没有人员参加考核</translation>
    </message>
    <message>
        <source>no post</source>
        <translation>无任职</translation>
    </message>
    <message>
        <source>The lists could not be read; see the log.</source>
        <translation>无法读取可选项，详情已记录在日志中。</translation>
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
        <source>Print roster…</source>
        <translation>打印花名册…</translation>
    </message>
    <message>
        <source>The roster of the unit chosen in the grid tree</source>
        <translation>打印左侧网格树中所选单位的花名册（未选时为全镇）</translation>
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
        <source>the whole grid</source>
        <translation>全部单位</translation>
    </message>
    <message>
        <source>No one in {0} matches “{1}”. Search by name, pinyin initials (such as zsf), the last digits of an ID number or a phone; choose a unit higher in the tree to search more widely.</source>
        <translation>“{0}”中没有与“{1}”相符的人员。可按姓名、拼音首字母（如 zsf）、身份证号码尾号或电话查找；在左侧选上级单位可扩大范围。</translation>
    </message>
    <message>
        <source>No one in {0} with the post and status chosen.</source>
        <translation>“{0}”中没有符合所选岗位和状态的人员。</translation>
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
    <name>RouteDialog</name>
    <message>
        <source>Route the case</source>
        <translation>分流</translation>
    </message>
    <message>
        <source>&amp;Village</source>
        <translation>村级(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Township</source>
        <translation>镇级(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;County</source>
        <translation>县级(&amp;C)</translation>
    </message>
    <message>
        <source>T&amp;ransfer</source>
        <translation>移送(&amp;R)</translation>
    </message>
    <message>
        <source>Court, police or a department</source>
        <translation>法院、公安或部门</translation>
    </message>
    <message>
        <source>Handled at</source>
        <translation>处理层级</translation>
    </message>
    <message>
        <source>Transfer t&amp;o</source>
        <translation>移送至(&amp;O)</translation>
    </message>
    <message>
        <source>Reaso&amp;n</source>
        <translation>理由/说明(&amp;N)</translation>
    </message>
    <message>
        <source>A transferred case leaves the centre&apos;s handling.</source>
        <translation>移送后案件不再由本中心调解。</translation>
    </message>
    <message>
        <source>This escalates the case: the reason is required.</source>
        <translation>这是上报，须写明理由。</translation>
    </message>
</context>
<context>
    <name>SchemeEditor</name>
    <message>
        <source>New scheme</source>
        <translation>新建考核细则</translation>
    </message>
    <message>
        <source>No quota</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>No cap</source>
        <translation>不设上限</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>细则名称</translation>
    </message>
    <message>
        <source>From month</source>
        <translation>起始月份</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>适用岗位</translation>
    </message>
    <message>
        <source>Top grade at most</source>
        <translation>最高等次名额不超过</translation>
    </message>
    <message>
        <source>Bonus items together at most</source>
        <translation>加分合计不超过</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>大则</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>小则</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>分值</translation>
    </message>
    <message>
        <source>Per time</source>
        <translation>每次分值</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>取数指标</translation>
    </message>
    <message>
        <source>Bands (figure:points)</source>
        <translation>分档（门槛:得分）</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则说明</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>添加小则</translation>
    </message>
    <message>
        <source>Remove item</source>
        <translation>删除小则</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等次</translation>
    </message>
    <message>
        <source>From (incl.)</source>
        <translation>下限（含）</translation>
    </message>
    <message>
        <source>Below</source>
        <translation>上限（不含）</translation>
    </message>
    <message>
        <source>Add grade</source>
        <translation>添加等次</translation>
    </message>
    <message>
        <source>Remove grade</source>
        <translation>删除等次</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>小则（每行一项）</translation>
    </message>
    <message>
        <source>Grades</source>
        <translation>等次</translation>
    </message>
    <message>
        <source>the score line of {0}</source>
        <translation>等次“{0}”的分数线</translation>
    </message>
    <message>
        <source>The bonus cap</source>
        <translation>加分上限</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
</context>
<context>
    <name>SchemeKinds</name>
    <message>
        <source>Points entered</source>
        <translation>手工评分</translation>
    </message>
    <message>
        <source>Deduction per time</source>
        <translation>按次扣分</translation>
    </message>
    <message>
        <source>Bonus per time</source>
        <translation>按次加分</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动计分</translation>
    </message>
    <message>
        <source>Veto</source>
        <translation>一票否决</translation>
    </message>
</context>
<context>
    <name>SchemesPanel</name>
    <message>
        <source>New scheme</source>
        <translation>新建细则</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Export scheme…</source>
        <translation>导出细则…</translation>
    </message>
    <message>
        <source>Import scheme…</source>
        <translation>导入细则…</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>大则</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>小则</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>分值与规则</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则说明</translation>
    </message>
    <message>
        <source> · in use, frozen</source>
        <translation> · 已用于审核，已冻结</translation>
    </message>
    <message>
        <source>No scheme yet: create one with New scheme.</source>
        <translation>还没有考核细则：请点“新建细则”。</translation>
    </message>
    <message>
        <source>Roles: {0}</source>
        <translation>适用岗位：{0}</translation>
    </message>
    <message>
        <source>Grades: {0}</source>
        <translation>等次：{0}</translation>
    </message>
    <message>
        <source>Top grade: at most {0}% of the workers</source>
        <translation>最高等次：不超过人数的 {0}%</translation>
    </message>
    <message>
        <source>Bonus items together: at most {0} pts</source>
        <translation>加分合计：最多 {0} 分</translation>
    </message>
    <message>
        <source>, {0} per time</source>
        <translation>，每次 {0} 分</translation>
    </message>
    <message>
        <source>Export scheme</source>
        <translation>导出考核细则</translation>
    </message>
    <message>
        <source>Exporting the scheme…</source>
        <translation>正在导出考核细则…</translation>
    </message>
    <message>
        <source>Exported the scheme to {0}</source>
        <translation>已导出考核细则 → {0}</translation>
    </message>
    <message>
        <source>Import scheme</source>
        <translation>导入考核细则</translation>
    </message>
    <message>
        <source>Importing the scheme…</source>
        <translation>正在导入考核细则…</translation>
    </message>
</context>
<context>
    <name>SessionDialog</name>
    <message>
        <source>Record a session</source>
        <translation>调解记录</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>调解日期(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Place</source>
        <translation>地点(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Mediators present</source>
        <translation>参加调解员(&amp;M)</translation>
    </message>
    <message>
        <source>P&amp;arties present</source>
        <translation>到场当事人(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation>调解记录(&amp;R)</translation>
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
        <source>Report &amp;font</source>
        <translation>报表字体(&amp;F)</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>岗位目录</translation>
    </message>
    <message>
        <source>Dispute cases</source>
        <translation>案件规则</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>预警规则</translation>
    </message>
    <message>
        <source>Grid coverage</source>
        <translation>网格覆盖</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>操作日志</translation>
    </message>
    <message>
        <source>Printed papers embed this font.</source>
        <translation>打印的报表嵌入该字体。</translation>
    </message>
    <message>
        <source>Only the bundled font is on this computer; on Windows 宋体, 仿宋 and 黑体 can be chosen here.</source>
        <translation>本机只有内置字体；在 Windows 上可在此选用宋体、仿宋或黑体。</translation>
    </message>
</context>
<context>
    <name>SettleDialog</name>
    <message>
        <source>Mediation agreement</source>
        <translation>调解协议</translation>
    </message>
    <message>
        <source>How and where it is carried out</source>
        <translation>履行的方式和地点</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>&amp;Signed on</source>
        <translation>签订日期(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Facts and disputed points</source>
        <translation>事实与争议(&amp;F)</translation>
    </message>
    <message>
        <source>Agreed &amp;terms</source>
        <translation>协议内容(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Obligations</source>
        <translation>各方义务(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Performance</source>
        <translation>履行方式(&amp;P)</translation>
    </message>
    <message>
        <source>Perform &amp;by</source>
        <translation>履行期限(&amp;B)</translation>
    </message>
</context>
<context>
    <name>SheetModel</name>
    <message>
        <source>Village</source>
        <translation>村(社区)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等次</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Village
rank</source>
        <translation>村内
排名</translation>
    </message>
    <message>
        <source>{0} · {1}: this column is not filled in by hand</source>
        <translation>{0} · {1}：该列不由手工填写</translation>
    </message>
    <message>
        <source>{0} pts</source>
        <translation>{0}分</translation>
    </message>
    <message>
        <source>{0} pts, −{1}/time</source>
        <translation>{0}分 −{1}/次</translation>
    </message>
    <message>
        <source>+{0}/time, ≤{1}</source>
        <translation>+{0}/次 ≤{1}</translation>
    </message>
    <message>
        <source>Automatic, {0} pts</source>
        <translation>自动，{0}分</translation>
    </message>
    <message>
        <source>Veto</source>
        <translation>是/否</translation>
    </message>
    <message>
        <source>Not finished</source>
        <translation>未评完</translation>
    </message>
    <message>
        <source>Not entered yet: {0}. The grade and ranks come when they are.</source>
        <translation>尚未填写：{0}。填完后才有等次和排名。</translation>
    </message>
    <message>
        <source>Vetoed: the lowest grade whatever the points</source>
        <translation>一票否决：不论得分，定为最低等次</translation>
    </message>
    <message>
        <source>Held back by the quota on the top grade</source>
        <translation>受最高等次名额比例限制，降为下一等次</translation>
    </message>
    <message>
        <source>Automatic: figure {0} → {1} pts</source>
        <translation>自动计分：指标 {0} → {1}分</translation>
    </message>
    <message>
        <source>Note: {0}</source>
        <translation>备注：{0}</translation>
    </message>
</context>
<context>
    <name>SheetPage</name>
    <message>
        <source>Choose the sheet</source>
        <translation>选择工作表</translation>
    </message>
    <message>
        <source>The workbook has several sheets.</source>
        <translation>这个工作簿有多个工作表，请选择花名册所在的一个。</translation>
    </message>
    <message>
        <source>&amp;Sheet:</source>
        <translation>工作表(&amp;S)：</translation>
    </message>
</context>
<context>
    <name>SpecialtiesDialog</name>
    <message>
        <source>Specialties of {0}</source>
        <translation>{0}的擅长类别</translation>
    </message>
    <message>
        <source>&amp;Good at</source>
        <translation>擅长(&amp;G)</translation>
    </message>
</context>
<context>
    <name>StartDialog</name>
    <message>
        <source>Start mediation</source>
        <translation>开始调解</translation>
    </message>
    <message>
        <source>Mediators</source>
        <translation>调解员</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>说明(&amp;N)</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>&amp;Open the result workbook</source>
        <translation>打开结果工作簿(&amp;O)</translation>
    </message>
    <message>
        <source>The roster was imported.</source>
        <translation>花名册已导入。</translation>
    </message>
    <message>
        <source>Nothing was imported: all or nothing was chosen and rows were rejected.</source>
        <translation>没有导入任何数据：选择了“全部或全不”，而有的行被拒绝。</translation>
    </message>
    <message>
        <source>The result workbook lists the rejected rows as they came, with each bad cell marked and explained: correct them there and import that file again.</source>
        <translation>结果工作簿列出被拒绝的行（保持原样），并标出和说明每个有错的单元格：在其中改正后，可再次导入该文件。</translation>
    </message>
    <message>
        <source>{0} import result.xlsx</source>
        <translation>{0}_导入结果.xlsx</translation>
    </message>
    <message>
        <source>The roster was imported, except {0} rejected rows.</source>
        <translation>花名册已导入，{0} 行被拒绝未导入。</translation>
    </message>
    <message>
        <source>Nothing was imported: all {0} rows were rejected.</source>
        <translation>没有导入任何人员：{0} 行全部被拒绝。</translation>
    </message>
    <message>
        <source>Nothing was imported: {0} rows were rejected and the others are already in the roster unchanged.</source>
        <translation>没有导入任何人员：{0} 行被拒绝，其余各行花名册中已有且没有变化。</translation>
    </message>
    <message>
        <source>Nothing changed: every row is already in the roster as it is.</source>
        <translation>没有任何改动：各行在花名册中已有且完全相同。</translation>
    </message>
    <message>
        <source>Save the result workbook</source>
        <translation>保存结果工作簿</translation>
    </message>
    <message>
        <source>Cannot save the result workbook: {0}</source>
        <translation>无法保存结果工作簿：{0}</translation>
    </message>
    <message>
        <source>Saved as {0}</source>
        <translation>已保存为 {0}</translation>
    </message>
</context>
<context>
    <name>SyncChangesModel</name>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Fields that differ</source>
        <translation>不同的字段</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>Grid unit</source>
        <translation>网格单位</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Assignment</source>
        <translation>任职</translation>
    </message>
    <message>
        <source>Keep ours</source>
        <translation>保留本机</translation>
    </message>
    <message>
        <source>Take theirs</source>
        <translation>采用对方</translation>
    </message>
    <message>
        <source>To decide</source>
        <translation>待定</translation>
    </message>
    <message>
        <source>{0}: ours {1}, theirs {2}</source>
        <translation>{0}：本机 {1}，对方 {2}</translation>
    </message>
    <message>
        <source>Only ours can be kept: {0}</source>
        <translation>只能保留本机：{0}</translation>
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
    <name>UsersModel</name>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Works in</source>
        <translation>工作乡镇</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>All townships</source>
        <translation>全部乡镇</translation>
    </message>
</context>
<context>
    <name>UsersPanel</name>
    <message>
        <source>&amp;Add a user…</source>
        <translation>新增用户(&amp;A)…</translation>
    </message>
    <message>
        <source>Change &amp;role</source>
        <translation>更改角色(&amp;R)</translation>
    </message>
    <message>
        <source>All townships</source>
        <translation>全部乡镇</translation>
    </message>
    <message>
        <source>Change &amp;township</source>
        <translation>更改工作乡镇(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>停用(&amp;D)</translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation>重设密码(&amp;P)…</translation>
    </message>
    <message>
        <source>Selected user:</source>
        <translation>所选用户：</translation>
    </message>
    <message>
        <source>Idle lock</source>
        <translation>自动锁定</translation>
    </message>
    <message>
        <source> minutes</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Lock the window after no use for</source>
        <translation>无操作多久后锁定窗口</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>{0}: everything, users and settings. {1}: enter and edit data, imports and exports. {2}: read, approve assessments, print reports. {3}: read only, ID numbers and phones masked.</source>
        <translation>{0}：全部功能，包括用户和设置。{1}：录入和修改数据，导入导出。{2}：查阅，审核考核，打印报表。{3}：只能查阅，身份证号码和电话打码显示。</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>启用(&amp;E)</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>WarningCloseDialog</name>
    <message>
        <source>Close the warning</source>
        <translation>办结预警</translation>
    </message>
    <message>
        <source>&amp;Result</source>
        <translation>办结结果(&amp;R)</translation>
    </message>
</context>
<context>
    <name>WarningDispatchDialog</name>
    <message>
        <source>Reassign</source>
        <translation>改派</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>派单</translation>
    </message>
    <message>
        <source>Dispatched to</source>
        <translation>现派给</translation>
    </message>
    <message>
        <source>A &amp;body</source>
        <translation>单位(&amp;B)</translation>
    </message>
    <message>
        <source>A &amp;person</source>
        <translation>个人(&amp;P)</translation>
    </message>
    <message>
        <source>Choose or type a body</source>
        <translation>选择或输入承办单位</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>派给(&amp;T)</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>改派理由(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>派单说明(&amp;N)</translation>
    </message>
    <message>
        <source>{0}: respond within {1} hours (by {2}), finish within {3} hours (by {4})</source>
        <translation>{0}：{1} 小时内响应（{2} 前），{3} 小时内办结（{4} 前）</translation>
    </message>
</context>
<context>
    <name>WarningEscalateDialog</name>
    <message>
        <source>Escalate</source>
        <translation>提级</translation>
    </message>
    <message>
        <source>{0} ({1} level)</source>
        <translation>{0}（{1}级）</translation>
    </message>
    <message>
        <source>Escalate to</source>
        <translation>提级至</translation>
    </message>
    <message>
        <source>Handled at {0} now. That level takes it over and dispatches it again; the current dispatch ends.</source>
        <translation>现由{0}一级处置。提级后由该级重新派单，当前派单随之结束。</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>提级理由(&amp;R)</translation>
    </message>
</context>
<context>
    <name>WarningFeedbackDialog</name>
    <message>
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <source>&amp;What was done</source>
        <translation>处置情况(&amp;W)</translation>
    </message>
</context>
<context>
    <name>WarningListPanel</name>
    <message>
        <source>Number, place, description, reporter</source>
        <translation>编号、地点、情况、报告人</translation>
    </message>
    <message>
        <source>All months</source>
        <translation>全部月份</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未办结</translation>
    </message>
    <message>
        <source>All urgencies</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>O&amp;verdue only</source>
        <translation>仅看已超期(&amp;V)</translation>
    </message>
    <message>
        <source>Report a warning</source>
        <translation>上报预警</translation>
    </message>
    <message>
        <source>&amp;Month</source>
        <translation>月份(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>状态(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Type</source>
        <translation>类型(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Urgency</source>
        <translation>紧急程度(&amp;U)</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Cannot read the warnings; see the log.</source>
        <translation>无法读取预警，详见日志。</translation>
    </message>
    <message>
        <source>Total: {0} warnings, {1} overdue, {2} urgent still open</source>
        <translation>共 {0} 件，超期 {1} 件，紧急未办结 {2} 件</translation>
    </message>
</context>
<context>
    <name>WarningMonthView</name>
    <message>
        <source>Warnings in the month</source>
        <translation>预警月度统计</translation>
    </message>
    <message>
        <source>&amp;Month</source>
        <translation>月份(&amp;M)</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>上报</translation>
    </message>
    <message>
        <source>Warnings reported in the month</source>
        <translation>当月上报的预警件数</translation>
    </message>
    <message>
        <source>Dispatched</source>
        <translation>派单</translation>
    </message>
    <message>
        <source>Warnings first dispatched in the month</source>
        <translation>当月首次派单的预警件数</translation>
    </message>
    <message>
        <source>Concluded</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>Warnings closed or turned into a case in the month</source>
        <translation>当月办结或转为矛盾纠纷案件的预警件数</translation>
    </message>
    <message>
        <source>Handled in time</source>
        <translation>按时办结率</translation>
    </message>
    <message>
        <source>Of the dispatched warnings concluded in the month, the share answered by every response deadline and concluded by the completion deadline</source>
        <translation>当月办结且经过派单的预警中，每次派单都在响应时限内响应、并在办结时限内办结的比例</translation>
    </message>
    <message>
        <source>Median response</source>
        <translation>响应时长中位数</translation>
    </message>
    <message>
        <source>Median hours from the first dispatch to the first response, of the warnings first responded to in the month</source>
        <translation>当月首次响应的预警，从首次派单到首次响应所用小时数的中位数</translation>
    </message>
    <message>
        <source>Party members on duty</source>
        <translation>党员报到</translation>
    </message>
    <message>
        <source>Duty reports made in the month, and the party members who made them</source>
        <translation>当月党员报到人次及报到党员人数</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>预警类型</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <source>Party member</source>
        <translation>党员</translation>
    </message>
    <message>
        <source>Posts</source>
        <translation>所在岗位</translation>
    </message>
    <message>
        <source>Duty reports</source>
        <translation>报到次数</translation>
    </message>
    <message>
        <source>Warnings by type</source>
        <translation>各类预警件数</translation>
    </message>
    <message>
        <source>Party members&apos; duty reports</source>
        <translation>党员报到参与情况</translation>
    </message>
    <message>
        <source>urgent {0}</source>
        <translation>其中紧急 {0} 件</translation>
    </message>
    <message>
        <source>escalated {0}</source>
        <translation>提级 {0} 次</translation>
    </message>
    <message>
        <source>turned into cases {0}</source>
        <translation>其中转案件 {0} 件</translation>
    </message>
    <message>
        <source>in time {0}, late {1}</source>
        <translation>按时 {0} 件，超时 {1} 件</translation>
    </message>
    <message>
        <source>{0} h</source>
        <translation>{0} 小时</translation>
    </message>
    <message>
        <source>{0} party members</source>
        <translation>{0} 名党员</translation>
    </message>
</context>
<context>
    <name>WarningPage</name>
    <message>
        <source>Back to the list (Esc)</source>
        <translation>返回列表（Esc）</translation>
    </message>
    <message>
        <source>&amp;Dispatch…</source>
        <translation>派单(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Response…</source>
        <translation>登记响应(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Feedback…</source>
        <translation>反馈(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Close…</source>
        <translation>办结(&amp;C)…</translation>
    </message>
    <message>
        <source>Re&amp;assign…</source>
        <translation>改派(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Escalate…</source>
        <translation>提级(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Party member on duty…</source>
        <translation>党员报到(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Turn into a case…</source>
        <translation>转为案件(&amp;T)…</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>预警类型</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>发生地</translation>
    </message>
    <message>
        <source>People affected</source>
        <translation>涉及人数</translation>
    </message>
    <message>
        <source>Reported by</source>
        <translation>报告人</translation>
    </message>
    <message>
        <source>Handled at</source>
        <translation>处置层级</translation>
    </message>
    <message>
        <source>Dispatched to</source>
        <translation>承办</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <source>Response time</source>
        <translation>响应与办结</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>办结结果</translation>
    </message>
    <message>
        <source>What was seen</source>
        <translation>预警情况</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Dispatched</source>
        <translation>派单时间</translation>
    </message>
    <message>
        <source>Respond by</source>
        <translation>响应时限</translation>
    </message>
    <message>
        <source>Responded</source>
        <translation>响应时间</translation>
    </message>
    <message>
        <source>Finish by</source>
        <translation>办结时限</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Party member</source>
        <translation>党员</translation>
    </message>
    <message>
        <source>What they did</source>
        <translation>做了什么</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>办理过程</translation>
    </message>
    <message>
        <source>Dispatches</source>
        <translation>派单记录</translation>
    </message>
    <message>
        <source>Party members on duty</source>
        <translation>党员报到</translation>
    </message>
    <message>
        <source>Open case {0}</source>
        <translation>打开案件 {0}</translation>
    </message>
    <message>
        <source>{0} people</source>
        <translation>{0} 人</translation>
    </message>
    <message>
        <source>respond by {0}</source>
        <translation>{0} 前响应</translation>
    </message>
    <message>
        <source>responded {0}</source>
        <translation>{0} 已响应</translation>
    </message>
    <message>
        <source>finish by {0}</source>
        <translation>{0} 前办结</translation>
    </message>
    <message>
        <source>responded after {0} hours</source>
        <translation>派单后 {0} 小时响应</translation>
    </message>
    <message>
        <source>handled in time</source>
        <translation>按时办结</translation>
    </message>
    <message>
        <source>late</source>
        <translation>超时办结</translation>
    </message>
    <message>
        <source>The warning is now dispute case {0}. Open the case?</source>
        <translation>预警已转为矛盾纠纷案件 {0}，现在打开该案件吗？</translation>
    </message>
</context>
<context>
    <name>WarningRespondDialog</name>
    <message>
        <source>Response</source>
        <translation>登记响应</translation>
    </message>
    <message>
        <source>Dispatched to</source>
        <translation>承办</translation>
    </message>
    <message>
        <source>{0}, respond by {1}</source>
        <translation>{0}，{1} 前响应</translation>
    </message>
    <message>
        <source>Responded &amp;at</source>
        <translation>响应时间(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>说明(&amp;N)</translation>
    </message>
</context>
<context>
    <name>WarningSettingsPanel</name>
    <message>
        <source>Warning deadlines</source>
        <translation>预警时限</translation>
    </message>
    <message>
        <source>Counted from the dispatch (派单); a reassignment or escalation starts them again.</source>
        <translation>从派单时起算；改派或升级时重新起算。</translation>
    </message>
    <message>
        <source>&amp;Urgent: respond within</source>
        <translation>紧急预警响应时限(&amp;U)</translation>
    </message>
    <message>
        <source>Urgent: complete within</source>
        <translation>紧急预警办结时限</translation>
    </message>
    <message>
        <source>&amp;Normal: respond within</source>
        <translation>一般预警响应时限(&amp;N)</translation>
    </message>
    <message>
        <source>Normal: complete within</source>
        <translation>一般预警办结时限</translation>
    </message>
    <message>
        <source>&amp;Save deadlines</source>
        <translation>保存时限(&amp;S)</translation>
    </message>
    <message>
        <source>Warning types</source>
        <translation>预警类型</translation>
    </message>
    <message>
        <source>New type, e.g. 防汛</source>
        <translation>新类型，如 防汛</translation>
    </message>
    <message>
        <source>&amp;Add type</source>
        <translation>新增类型(&amp;A)</translation>
    </message>
    <message>
        <source>Saved. Dispatches from now on follow these deadlines; earlier ones keep theirs.</source>
        <translation>已保存。此后的派单按这些时限计算，已派出的单不变。</translation>
    </message>
</context>
<context>
    <name>WarningTableModel</name>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>发生地</translation>
    </message>
    <message>
        <source>What was seen</source>
        <translation>预警情况</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Dispatched to</source>
        <translation>承办</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Respond by {0}</source>
        <translation>{0} 前响应</translation>
    </message>
    <message>
        <source>Finish by {0}</source>
        <translation>{0} 前办结</translation>
    </message>
    <message>
        <source>Concluded {0}, in time</source>
        <translation>{0} 办结，按时</translation>
    </message>
    <message>
        <source>Concluded {0}, late</source>
        <translation>{0} 办结，超时</translation>
    </message>
    <message>
        <source>Concluded {0}</source>
        <translation>{0} 办结</translation>
    </message>
</context>
<context>
    <name>WarningTypeModel</name>
    <message>
        <source>Warning type</source>
        <translation>预警类型</translation>
    </message>
    <message>
        <source>Built in</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>WarningsPage</name>
    <message>
        <source>Warnings</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月度统计</translation>
    </message>
    <message>
        <source>Grid coverage</source>
        <translation>网格覆盖</translation>
    </message>
    <message>
        <source>Reported {0}.</source>
        <translation>已上报 {0}。</translation>
    </message>
</context>
<context>
    <name>WorkloadModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Committee</source>
        <translation>调解委员会</translation>
    </message>
    <message>
        <source>Serves at</source>
        <translation>所在</translation>
    </message>
    <message>
        <source>Specialties</source>
        <translation>擅长类别</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>在办</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <source>Concluded this month</source>
        <translation>本月办结</translation>
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
    <message>
        <source>Restore failed</source>
        <translation>恢复失败</translation>
    </message>
    <message>
        <source>The database was restored from {0}. The file it replaced was kept as {1}.</source>
        <translation>已从 {0} 恢复数据库。被替换的文件已另存为 {1}。</translation>
    </message>
    <message>
        <source>This database is already open in another Fengwang window (perhaps another user&apos;s): {0}. Only one Fengwang may work on a database at a time, so that nobody&apos;s changes overwrite another&apos;s. Close the other one first.</source>
        <translation>该数据库已在另一个枫网窗口中打开（也可能是另一位用户打开的）：{0}。同一个数据库同时只能由一个枫网使用，以免彼此的修改互相覆盖。请先关闭另一个。</translation>
    </message>
    <message>
        <source>Opened read-only: nothing can be changed</source>
        <translation>只读打开：不能修改任何数据</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Fengwang</source>
        <translation>枫网</translation>
    </message>
</context>
<context>
    <name>password</name>
    <message>
        <source>A password has at least {0} characters, with both letters and digits.</source>
        <translation>密码至少 {0} 位，须同时含有字母和数字。</translation>
    </message>
</context>
<context>
    <name>permissions</name>
    <message>
        <source>Needs the “{0}” permission (now: {1}, {2})</source>
        <translation>需要“{0}”权限（当前：{1}，{2}）</translation>
    </message>
</context>
</TS>
