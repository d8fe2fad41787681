<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BusDevicesList</name>
    <message>
        <source>LED display</source>
        <translation>LED 显示屏</translation>
    </message>
    <message>
        <source>Keypad</source>
        <translation>呼叫器</translation>
    </message>
    <message>
        <source>Evaluator</source>
        <translation>评价器</translation>
    </message>
    <message>
        <source>{bus} · address {address}</source>
        <translation>{bus} · 地址 {address}</translation>
    </message>
    <message>
        <source>Counter devices on the buses</source>
        <translation>总线上的窗口设备</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Bus</source>
        <translation>总线</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近的故障</translation>
    </message>
</context>
<context>
    <name>BusyPage</name>
    <message>
        <source>When is it quieter?</source>
        <translation>什么时候人少？</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>quieter</source>
        <translation>人少</translation>
    </message>
    <message>
        <source>busier</source>
        <translation>人多</translation>
    </message>
    <message>
        <source>visitors per hour</source>
        <translation>每小时人数</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Example of a typical hall, not yet this one: after a week here, this shows this hall&apos;s own figures.</source>
        <translation>示例：这是一般营业厅的情况，不是本厅的。本厅使用满一周后，这里将显示本厅的实际人数。</translation>
    </message>
    <message>
        <source>Average number of visitors per hour over the last {days} days</source>
        <translation>最近 {days} 天每小时平均到访人数</translation>
    </message>
    <message>
        <source>Quieter times: {hours}</source>
        <translation>人少的时段：{hours}</translation>
    </message>
    <message>
        <source>Every hour is about as busy as the others.</source>
        <translation>各时段的繁忙程度差不多。</translation>
    </message>
    <message>
        <source>Busiest around {hour}</source>
        <translation>{hour} 左右最繁忙</translation>
    </message>
</context>
<context>
    <name>CaseDialog</name>
    <message>
        <source>Follow-up %1</source>
        <translation>回访 %1</translation>
    </message>
    <message>
        <source>Give the visitor case number %1 for %2: they hear back by %3.</source>
        <translation>请告知 %2 号客户受理编号 %1：我们将于 %3 前答复。</translation>
    </message>
    <message>
        <source>The slip was printed: hand it to the visitor.</source>
        <translation>回执已打印：请交给客户。</translation>
    </message>
    <message>
        <source>The slip was not printed: %1</source>
        <translation>回执未打印：%1</translation>
    </message>
</context>
<context>
    <name>ConfigView</name>
    <message>
        <source>The configuration in force (read-only). Secrets are shown as (hidden). Change it in the configuration file and restart.</source>
        <translation>当前生效的配置（只读）。密钥显示为 (hidden)。如需修改，请编辑配置文件后重新启动。</translation>
    </message>
</context>
<context>
    <name>ConfirmPage</name>
    <message>
        <source>Your number</source>
        <translation>您的号码</translation>
    </message>
    <message>
        <source>Scan to follow the queue on your phone</source>
        <translation>扫码用手机查看排队进度</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Touch the screen to finish</source>
        <translation>轻触屏幕结束</translation>
    </message>
    <message>
        <source>Please take your ticket and keep it until you are called.</source>
        <translation>请取走号票并妥善保管，直到叫到您的号码。</translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message>
        <source>No connection to the hall server: what is shown may be out of date. Reconnecting…</source>
        <translation>与叫号服务器的连接已断开：显示的内容可能不是最新的。正在重新连接…</translation>
    </message>
    <message>
        <source>Sorry, no ticket can be issued right now. Please ask a member of staff.</source>
        <translation>抱歉，暂时无法取号。请咨询工作人员。</translation>
    </message>
</context>
<context>
    <name>CounterActions</name>
    <message>
        <source>Call next</source>
        <translation>叫下一位</translation>
    </message>
    <message>
        <source>Call the next visitor</source>
        <translation>呼叫下一位客户</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>重呼</translation>
    </message>
    <message>
        <source>Call the current ticket again</source>
        <translation>再次呼叫当前号码</translation>
    </message>
    <message>
        <source>Serve</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <source>The visitor has arrived: start service</source>
        <translation>客户已到窗口：开始办理</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>Service finished</source>
        <translation>业务办理完毕</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>过号</translation>
    </message>
    <message>
        <source>The called visitor did not come</source>
        <translation>叫号后客户未到</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>转移…</translation>
    </message>
    <message>
        <source>Send the ticket to another business type or counter</source>
        <translation>将号码转到其他业务类型或窗口</translation>
    </message>
    <message>
        <source>Park</source>
        <translation>挂起</translation>
    </message>
    <message>
        <source>Set the ticket aside to resume later</source>
        <translation>暂时挂起号码，稍后恢复办理</translation>
    </message>
    <message>
        <source>Resume parked</source>
        <translation>恢复挂起</translation>
    </message>
    <message>
        <source>Take back the selected or last parked ticket</source>
        <translation>恢复选中的或最近挂起的号码</translation>
    </message>
    <message>
        <source>Resume work</source>
        <translation>恢复服务</translation>
    </message>
    <message>
        <source>Back from the break</source>
        <translation>暂停结束，恢复叫号</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <source>Take a break: call nobody</source>
        <translation>暂停休息：不再叫号</translation>
    </message>
    <message>
        <source>Open counter</source>
        <translation>开启窗口</translation>
    </message>
    <message>
        <source>Start serving at this counter</source>
        <translation>本窗口开始服务</translation>
    </message>
    <message>
        <source>Close counter</source>
        <translation>关闭窗口</translation>
    </message>
    <message>
        <source>Close when no ticket is at the counter</source>
        <translation>窗口无当前号码时可关闭</translation>
    </message>
</context>
<context>
    <name>CounterController</name>
    <message>
        <source>Acknowledged: %1.</source>
        <translation>已确认：%1。</translation>
    </message>
    <message>
        <source>Already seen to at another window.</source>
        <translation>已在其他窗口处理。</translation>
    </message>
    <message>
        <source>The queue store can be read again.</source>
        <translation>排队数据已恢复读取。</translation>
    </message>
    <message>
        <source>Cannot read the queue store: retrying.</source>
        <translation>无法读取排队数据，正在重试。</translation>
    </message>
</context>
<context>
    <name>CounterFormat</name>
    <message>
        <source>under 1 min</source>
        <translation>不到 1 分钟</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>no counter open</source>
        <translation>无窗口办理</translation>
    </message>
    <message>
        <source>no wait</source>
        <translation>无需等候</translation>
    </message>
    <message>
        <source>%1+ min</source>
        <translation>%1 分钟以上</translation>
    </message>
    <message>
        <source>under %1 min</source>
        <translation>少于 %1 分钟</translation>
    </message>
    <message>
        <source>%1–%2 min</source>
        <translation>%1–%2 分钟</translation>
    </message>
</context>
<context>
    <name>CounterMessages</name>
    <message>
        <source>The counter is closed.</source>
        <translation>窗口已关闭。</translation>
    </message>
    <message>
        <source>The counter is paused: it calls nobody until you resume.</source>
        <translation>窗口已暂停：恢复服务前不会叫号。</translation>
    </message>
    <message>
        <source>Welcome back: the counter is open.</source>
        <translation>欢迎回来：窗口已恢复服务。</translation>
    </message>
    <message>
        <source>The counter is open.</source>
        <translation>窗口已开启。</translation>
    </message>
    <message>
        <source>%1: follow-up %2, reply by %3.</source>
        <translation>%1：回访编号 %2，%3 前答复。</translation>
    </message>
    <message>
        <source>%1 did not come after %2 calls: marked as a no-show.</source>
        <translation>%1 呼叫 %2 次未到：已记为过号。</translation>
    </message>
    <message>
        <source>%1 transferred to %2, %3.</source>
        <translation>%1 已转至 %2，%3。</translation>
    </message>
    <message>
        <source>Called %1.</source>
        <translation>已呼叫 %1。</translation>
    </message>
    <message>
        <source>Called %1 again.</source>
        <translation>已重呼 %1。</translation>
    </message>
    <message>
        <source>Serving %1.</source>
        <translation>正在办理 %1。</translation>
    </message>
    <message>
        <source>%1 is done.</source>
        <translation>%1 已办结。</translation>
    </message>
    <message>
        <source>%1 marked as a no-show.</source>
        <translation>%1 已记为过号。</translation>
    </message>
    <message>
        <source>%1 is parked: resume it when you are ready.</source>
        <translation>%1 已挂起：准备好后可恢复办理。</translation>
    </message>
    <message>
        <source>Resumed %1.</source>
        <translation>已恢复办理 %1。</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>at the front of the queue</source>
        <translation>排在队首</translation>
    </message>
    <message>
        <source>at the back of the queue</source>
        <translation>排在队尾</translation>
    </message>
    <message>
        <source>in order of issue time</source>
        <translation>按取号时间排队</translation>
    </message>
    <message>
        <source>out of paper</source>
        <translation>缺纸</translation>
    </message>
    <message>
        <source>cover open</source>
        <translation>纸仓盖未关</translation>
    </message>
    <message>
        <source>cutter jammed</source>
        <translation>切刀卡住</translation>
    </message>
    <message>
        <source>printer offline</source>
        <translation>打印机离线</translation>
    </message>
    <message>
        <source>the printer did not answer</source>
        <translation>打印机无响应</translation>
    </message>
    <message>
        <source>printer not connected</source>
        <translation>打印机未连接</translation>
    </message>
    <message>
        <source>printing was cut off</source>
        <translation>打印中断</translation>
    </message>
    <message>
        <source>printing was interrupted</source>
        <translation>打印未完成</translation>
    </message>
    <message>
        <source>printer error</source>
        <translation>打印机故障</translation>
    </message>
    <message>
        <source>%1 more</source>
        <translation>另 %1 张</translation>
    </message>
    <message>
        <source>Ticket not printed: %1. Reprint it, or acknowledge once the visitor knows the number.</source>
        <translation>号票未打印：%1。请补打，或确认顾客已知道号码后点“已处理”。</translation>
    </message>
    <message>
        <source>Tickets not printed: %1. Reprint them, or acknowledge once the visitors know their numbers.</source>
        <translation>号票未打印：%1。请补打，或确认顾客已知道号码后点“已处理”。</translation>
    </message>
    <message>
        <source>Nobody is waiting for this counter.</source>
        <translation>本窗口暂无等候的客户。</translation>
    </message>
    <message>
        <source>The queue is busy right now: press again in a moment.</source>
        <translation>排队系统正忙：请稍后再按一次。</translation>
    </message>
    <message>
        <source>The queue store cannot be written: please call the technician.</source>
        <translation>排队数据无法写入：请联系技术人员。</translation>
    </message>
    <message>
        <source>That business type is not available now.</source>
        <translation>该业务类型目前不可办理。</translation>
    </message>
    <message>
        <source>That ticket is no longer in the queue.</source>
        <translation>该号码已不在队列中。</translation>
    </message>
    <message>
        <source>The hall server did not answer: not done. Press again once the connection is back; it will not be done twice.</source>
        <translation>叫号服务器没有响应：操作未完成。连接恢复后请再按一次，不会重复执行。</translation>
    </message>
    <message>
        <source>That is not possible now.</source>
        <translation>当前无法执行此操作。</translation>
    </message>
    <message>
        <source>Something went wrong and was logged: please tell the technician.</source>
        <translation>出现错误，已记录日志：请告知技术人员。</translation>
    </message>
    <message>
        <source>The counter is already closed.</source>
        <translation>窗口已经关闭。</translation>
    </message>
    <message>
        <source>%1 is still at the counter: finish, transfer or park it first.</source>
        <translation>%1 仍在窗口办理：请先办结、转移或挂起。</translation>
    </message>
    <message>
        <source>The counter is already open.</source>
        <translation>窗口已经开启。</translation>
    </message>
    <message>
        <source>The counter is closed: open it first.</source>
        <translation>窗口已关闭：请先开启窗口。</translation>
    </message>
    <message>
        <source>The counter is already paused.</source>
        <translation>窗口已经暂停。</translation>
    </message>
    <message>
        <source>The counter is paused: resume work first.</source>
        <translation>窗口已暂停：请先恢复服务。</translation>
    </message>
    <message>
        <source>That ticket is not parked at this counter.</source>
        <translation>该号码没有挂起在本窗口。</translation>
    </message>
    <message>
        <source>There is no ticket at the counter.</source>
        <translation>窗口当前没有号码。</translation>
    </message>
    <message>
        <source>%1 was called but not served yet: press Serve, or No-show.</source>
        <translation>%1 已呼叫但尚未办理：请按“开始办理”或“过号”。</translation>
    </message>
    <message>
        <source>%1 is a complaint: press Done and record how it ended first.</source>
        <translation>%1 是投诉：请先按“办结”并记录处理结果。</translation>
    </message>
    <message>
        <source>%1 has not been served yet: press Serve first.</source>
        <translation>%1 尚未开始办理：请先按“开始办理”。</translation>
    </message>
    <message>
        <source>Finish or park %1 before resuming another ticket.</source>
        <translation>请先办结或挂起 %1，再恢复其他号码。</translation>
    </message>
    <message>
        <source>%1 is already being served.</source>
        <translation>%1 已在办理中。</translation>
    </message>
    <message>
        <source>The ticket is already at that counter.</source>
        <translation>该号码已在该窗口。</translation>
    </message>
</context>
<context>
    <name>CounterRow</name>
    <message>
        <source>Counter {number}</source>
        <translation>{number}号窗口</translation>
    </message>
    <message>
        <source>LED display</source>
        <translation>LED 显示屏</translation>
    </message>
</context>
<context>
    <name>CounterWindow</name>
    <message>
        <source>not asked for</source>
        <translation>未要求打印</translation>
    </message>
    <message>
        <source>The slip of %1 was not printed: %2</source>
        <translation>%1 的回执未打印：%2</translation>
    </message>
    <message>
        <source>Select a waiting ticket, or call one, to reprint it.</source>
        <translation>请先选择一张等候中的号票，或叫一个号，再补打。</translation>
    </message>
    <message>
        <source>Ticket %1 was printed again.</source>
        <translation>号票 %1 已补打。</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>已处理</translation>
    </message>
    <message>
        <source>Ticket %1 was not printed: %2</source>
        <translation>号票 %1 未能打印：%2</translation>
    </message>
    <message>
        <source>%1 · counter workstation</source>
        <translation>%1 · 窗口工作台</translation>
    </message>
    <message>
        <source>Reprint ticket</source>
        <translation>补打号票</translation>
    </message>
    <message>
        <source>Print the selected waiting ticket (or the current one) again</source>
        <translation>重新打印所选的等候号票（或当前号票）</translation>
    </message>
</context>
<context>
    <name>CurrentTicketPanel</name>
    <message>
        <source>Now at the counter</source>
        <translation>当前号码</translation>
    </message>
    <message>
        <source>Waited %1</source>
        <translation>已等候 %1</translation>
    </message>
    <message>
        <source>Serving</source>
        <translation>办理中</translation>
    </message>
    <message>
        <source>serving for %1</source>
        <translation>已办理 %1</translation>
    </message>
    <message>
        <source>Called</source>
        <translation>已呼叫</translation>
    </message>
    <message>
        <source>Called · recall %1 of %2</source>
        <translation>已呼叫 · 重呼 %1/%2 次</translation>
    </message>
    <message>
        <source>called %1 ago</source>
        <translation>%1前呼叫</translation>
    </message>
    <message>
        <source>Green channel</source>
        <translation>绿色通道</translation>
    </message>
    <message>
        <source>Transferred from %1</source>
        <translation>由%1转入</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>转入</translation>
    </message>
    <message>
        <source>The counter is closed. Press %1 to open it.</source>
        <translation>窗口已关闭。按 %1 开启窗口。</translation>
    </message>
    <message>
        <source>On a break. Press %1 to resume work.</source>
        <translation>暂停服务中。按 %1 恢复服务。</translation>
    </message>
    <message>
        <source>Ready. Press %1 to call the next visitor, or %2 to resume a parked one.</source>
        <translation>准备就绪。按 %1 呼叫下一位，或按 %2 恢复挂起的号码。</translation>
    </message>
    <message>
        <source>Ready. Press %1 to call the next visitor.</source>
        <translation>准备就绪。按 %1 呼叫下一位。</translation>
    </message>
</context>
<context>
    <name>DeviceLight</name>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Not answered yet</source>
        <translation>尚未应答</translation>
    </message>
    <message>
        <source>Offline: {reason}</source>
        <translation>离线：{reason}</translation>
    </message>
    <message>
        <source>Fault: {reason}</source>
        <translation>故障：{reason}</translation>
    </message>
</context>
<context>
    <name>DevicesView</name>
    <message>
        <source>Ticket printer</source>
        <translation>取号打印机</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>语音</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>Fonts</source>
        <translation>字体</translation>
    </message>
    <message>
        <source>LED displays</source>
        <translation>LED 显示屏</translation>
    </message>
    <message>
        <source>Keypads</source>
        <translation>呼叫器</translation>
    </message>
    <message>
        <source>Evaluators</source>
        <translation>评价器</translation>
    </message>
    <message>
        <source>Not tested</source>
        <translation>未测试</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>the keypad</source>
        <translation>呼叫器</translation>
    </message>
    <message>
        <source>the evaluator</source>
        <translation>评价器</translation>
    </message>
    <message>
        <source>Press any key on {what} of counter {counter} within {seconds} s</source>
        <translation>请在 {seconds} 秒内按下 {counter} 号窗口{what}的任意键</translation>
    </message>
    <message>
        <source>No self-test has run yet</source>
        <translation>尚未运行自检</translation>
    </message>
    <message>
        <source>Testing {device} ({n} of {total})</source>
        <translation>正在测试{device}（第 {n} 项，共 {total} 项）</translation>
    </message>
    <message>
        <source>Done: {total} tested</source>
        <translation>完成：已测试 {total} 项</translation>
    </message>
    <message>
        <source>Printing {number}…</source>
        <translation>正在打印 {number}…</translation>
    </message>
    <message>
        <source>Ticket {number} was printed again.</source>
        <translation>号票 {number} 已补打。</translation>
    </message>
    <message>
        <source>Ticket {number} was not printed: {reason}</source>
        <translation>号票 {number} 未能打印：{reason}</translation>
    </message>
    <message>
        <source>The ticket picture could not be drawn: {reason}</source>
        <translation>无法绘制号票图片：{reason}</translation>
    </message>
    <message>
        <source>Reprint ticket</source>
        <translation>补打号票</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>补打</translation>
    </message>
    <message>
        <source>Show last ticket</source>
        <translation>查看上一张号票</translation>
    </message>
    <message>
        <source>The last ticket the printer printed, as the paper shows it</source>
        <translation>打印机打印的上一张号票，与纸面一致</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Run all self-tests</source>
        <translation>全部自检</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>自检报告</translation>
    </message>
    <message>
        <source>Device / check</source>
        <translation>设备 / 检查项</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>EvaluatorBox</name>
    <message>
        <source>Lit: waiting for the visitor&apos;s rating</source>
        <translation>已点亮：等待顾客评价</translation>
    </message>
    <message>
        <source>Rated: {rating}</source>
        <translation>已评价：{rating}</translation>
    </message>
    <message>
        <source>No rating in time</source>
        <translation>未在时限内评价</translation>
    </message>
    <message>
        <source>Dark: lights up after Done</source>
        <translation>未点亮：办结后点亮</translation>
    </message>
    <message>
        <source>Very satisfied</source>
        <translation>非常满意</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <source>Evaluator</source>
        <translation>评价器</translation>
    </message>
</context>
<context>
    <name>ExportView</name>
    <message>
        <source>Folder for the diagnostic bundle</source>
        <translation>诊断包保存文件夹</translation>
    </message>
    <message>
        <source>Folder: {folder}</source>
        <translation>文件夹：{folder}</translation>
    </message>
    <message>
        <source>Writing the bundle…</source>
        <translation>正在写入诊断包…</translation>
    </message>
    <message>
        <source>Bundle written: {path}</source>
        <translation>诊断包已保存：{path}</translation>
    </message>
    <message>
        <source>Could not write the bundle: {reason}</source>
        <translation>无法写入诊断包：{reason}</translation>
    </message>
    <message>
        <source>A diagnostic bundle is one .zip file for whoever supports this hall: the logs, the configuration without its secrets, the store&apos;s integrity check, the versions in use and the last self-test reports.</source>
        <translation>诊断包是一个 .zip 文件，交给为本营业厅提供技术支持的人员：包含日志、去除密钥的配置、存储完整性检查结果、所用软件版本和最近的自检报告。</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Export diagnostic bundle</source>
        <translation>导出诊断包</translation>
    </message>
</context>
<context>
    <name>GuidePage</name>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Take a ticket</source>
        <translation>取号</translation>
    </message>
    <message>
        <source>Green channel</source>
        <translation>绿色通道取号</translation>
    </message>
    <message>
        <source>You can also do this at a self-service terminal, without queueing.</source>
        <translation>此业务也可在自助终端办理，无需排队。</translation>
    </message>
    <message>
        <source>Use self-service</source>
        <translation>使用自助终端</translation>
    </message>
    <message>
        <source>{waiting} · {wait}</source>
        <translation>{waiting} · {wait}</translation>
    </message>
</context>
<context>
    <name>HallDisplay</name>
    <message>
        <source>Ticket {number}, counter {counter}</source>
        <translation>请 {number} 号到 {counter} 号窗口</translation>
    </message>
    <message>
        <source>Again: {call}</source>
        <translation>再次{call}</translation>
    </message>
    <message>
        <source>Now calling</source>
        <translation>当前叫号</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>欢迎光临</translation>
    </message>
    <message>
        <source>Recent calls</source>
        <translation>最近叫号</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Counter {counter}</source>
        <translation>{counter} 号窗口</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等候人数</translation>
    </message>
    <message>
        <source>Expected wait</source>
        <translation>预计等候</translation>
    </message>
    <message>
        <source>about {low}–{high} min</source>
        <translation>约 {low}–{high} 分钟</translation>
    </message>
    <message>
        <source>under {high} min</source>
        <translation>{high} 分钟以内</translation>
    </message>
    <message>
        <source>no wait</source>
        <translation>无需等候</translation>
    </message>
    <message>
        <source>about {n}+ min</source>
        <translation>约 {n} 分钟以上</translation>
    </message>
    <message>
        <source>No counter open</source>
        <translation>暂无窗口办理</translation>
    </message>
    <message>
        <source>No counter open, back about {time}</source>
        <translation>暂无窗口办理，约 {time} 恢复</translation>
    </message>
    <message>
        <source>Hours {hours}</source>
        <translation>办理时间 {hours}</translation>
    </message>
    <message>
        <source>No more tickets today</source>
        <translation>今日号已取完</translation>
    </message>
    <message>
        <source>Not available</source>
        <translation>暂停办理</translation>
    </message>
    <message>
        <source>Hall display</source>
        <translation>叫号显示屏</translation>
    </message>
    <message>
        <source>Monday</source>
        <translation>星期一</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>星期二</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>星期三</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>星期四</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>星期五</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>星期六</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>星期日</translation>
    </message>
</context>
<context>
    <name>HallPcsView</name>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>following the feed</source>
        <translation>在线（已接收叫号推送）</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>#{id}  {role}  {name}  last contact {contact}  {state}</source>
        <translation>#{id}  {role}  {name}  最近联系 {contact}  {state}</translation>
    </message>
    <message>
        <source>No PC has joined the hall yet.</source>
        <translation>还没有电脑加入本大厅。</translation>
    </message>
    <message>
        <source>Asking the device hosts to test their devices…</source>
        <translation>正在请设备主机测试其设备…</translation>
    </message>
    <message>
        <source>No device host is connected to the hall server.</source>
        <translation>没有设备主机连接到叫号服务器。</translation>
    </message>
    <message>
        <source>Device host #{pc} {name}</source>
        <translation>设备主机 #{pc} {name}</translation>
    </message>
    <message>
        <source>testing…</source>
        <translation>测试中…</translation>
    </message>
    <message>
        <source>Every device host has reported.</source>
        <translation>所有设备主机均已报告。</translation>
    </message>
    <message>
        <source>A device host did not report in time.</source>
        <translation>有设备主机未按时报告。</translation>
    </message>
    <message>
        <source>The hall server did not answer: {why}</source>
        <translation>叫号服务器没有响应：{why}</translation>
    </message>
    <message>
        <source>PCs joined to the hall</source>
        <translation>已加入大厅的电脑</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Test every device of the hall</source>
        <translation>测试大厅的所有设备</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <source>Open</source>
        <translation>服务中</translation>
    </message>
    <message>
        <source>Serving</source>
        <translation>办理中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Serves: %1</source>
        <translation>办理业务：%1</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Please choose your business</source>
        <translation>请选择您要办理的业务</translation>
    </message>
    <message>
        <source>Touch a business to see what to bring and take a ticket</source>
        <translation>轻触业务查看所需材料并取号</translation>
    </message>
    <message>
        <source>Quieter times</source>
        <translation>何时人少</translation>
    </message>
    <message>
        <source>Green channel for the elderly, people with disabilities and VIP card holders: choose your business, then Green channel.</source>
        <translation>老年人、残障人士及贵宾卡客户可走绿色通道：请先选择业务，再点击“绿色通道取号”。</translation>
    </message>
</context>
<context>
    <name>KeypadBox</name>
    <message>
        <source>Open counter</source>
        <translation>开启窗口</translation>
    </message>
    <message>
        <source>Call next</source>
        <translation>叫下一位</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>重呼</translation>
    </message>
    <message>
        <source>Serve</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>过号</translation>
    </message>
    <message>
        <source>Pause / resume</source>
        <translation>暂停 / 恢复</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转移</translation>
    </message>
    <message>
        <source>Refused: {why}</source>
        <translation>未执行：{why}</translation>
    </message>
    <message>
        <source>the keypad&apos;s queue is full, the press was lost</source>
        <translation>呼叫器的按键队列已满，此次按键没有送出</translation>
    </message>
    <message>
        <source>Last key: {what}</source>
        <translation>上次按键：{what}</translation>
    </message>
    <message>
        <source>the counter is open</source>
        <translation>窗口已开启</translation>
    </message>
    <message>
        <source>the counter is open again</source>
        <translation>窗口已恢复服务</translation>
    </message>
    <message>
        <source>the counter is paused</source>
        <translation>窗口已暂停服务</translation>
    </message>
    <message>
        <source>{number} sent to counter {counter}</source>
        <translation>{number} 已转到 {counter} 号窗口</translation>
    </message>
    <message>
        <source>{number} sent to {service}</source>
        <translation>{number} 已转到“{service}”</translation>
    </message>
    <message>
        <source>{number} did not come: marked as a no-show</source>
        <translation>{number} 未到，已按过号处理</translation>
    </message>
    <message>
        <source>called {number}</source>
        <translation>已叫 {number} 号</translation>
    </message>
    <message>
        <source>called {number} again</source>
        <translation>已重呼 {number} 号</translation>
    </message>
    <message>
        <source>serving {number}</source>
        <translation>正在为 {number} 号办理</translation>
    </message>
    <message>
        <source>{number} is done</source>
        <translation>{number} 号已办结</translation>
    </message>
    <message>
        <source>{number} marked as a no-show</source>
        <translation>{number} 号已过号</translation>
    </message>
    <message>
        <source>nobody is waiting for this counter</source>
        <translation>没有等候本窗口的顾客</translation>
    </message>
    <message>
        <source>type the counter number first, then press Transfer</source>
        <translation>请先输入窗口号，再按“转移”</translation>
    </message>
    <message>
        <source>that business type takes no tickets now</source>
        <translation>该业务现在不能办理</translation>
    </message>
    <message>
        <source>there is no such counter or ticket</source>
        <translation>没有这个窗口或号码</translation>
    </message>
    <message>
        <source>the keypad sent a key it does not have</source>
        <translation>呼叫器发来了它没有的按键</translation>
    </message>
    <message>
        <source>the queue cannot be saved right now: call the technician</source>
        <translation>排队数据暂时无法保存，请联系技术人员</translation>
    </message>
    <message>
        <source>the counter is already open</source>
        <translation>窗口已经开启</translation>
    </message>
    <message>
        <source>the counter is closed: press {open} first</source>
        <translation>窗口未开启，请先按“{open}”</translation>
    </message>
    <message>
        <source>the counter is paused: press {resume} first</source>
        <translation>窗口已暂停，请先按“{resume}”</translation>
    </message>
    <message>
        <source>{key} is not possible now</source>
        <translation>现在不能“{key}”</translation>
    </message>
    <message>
        <source>Keypad</source>
        <translation>呼叫器</translation>
    </message>
    <message>
        <source>Counter no.</source>
        <translation>窗口号</translation>
    </message>
    <message>
        <source>The counter to transfer to; empty: the keypad&apos;s business type</source>
        <translation>转移到的窗口号；留空：转到呼叫器设定的业务类型</translation>
    </message>
</context>
<context>
    <name>KioskPhrases</name>
    <message>
        <source>No one waiting</source>
        <translation>无人等候</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n 人等候</numerusform>
        </translation>
    </message>
    <message>
        <source>less than {n} min</source>
        <translation>少于 {n} 分钟</translation>
    </message>
    <message>
        <source>about {low}–{high} min</source>
        <translation>约 {low}–{high} 分钟</translation>
    </message>
    <message>
        <source>Expected wait: {wait}</source>
        <translation>预计等候：{wait}</translation>
    </message>
    <message>
        <source>You are next</source>
        <translation>下一位就是您</translation>
    </message>
    <message numerus="yes">
        <source>%n person(s) ahead of you</source>
        <translation>
            <numerusform>您前面还有 %n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>Opening hours: {hours}</source>
        <translation>办理时间：{hours}</translation>
    </message>
    <message>
        <source>No more tickets today</source>
        <translation>今日号已取完</translation>
    </message>
    <message>
        <source>No one ahead</source>
        <translation>前面无人</translation>
    </message>
    <message numerus="yes">
        <source>%n ahead</source>
        <translation>
            <numerusform>前面 %n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>No wait</source>
        <translation>无需等候</translation>
    </message>
    <message>
        <source>about {n} min, possibly longer</source>
        <translation>约 {n} 分钟，可能更久</translation>
    </message>
    <message>
        <source>Closed now, opens at {time}</source>
        <translation>暂停办理，{time} 开始</translation>
    </message>
    <message>
        <source>Not available</source>
        <translation>暂停办理</translation>
    </message>
    <message>
        <source>Closed now</source>
        <translation>当前不在办理时间</translation>
    </message>
    <message>
        <source>No counter open now</source>
        <translation>暂无窗口办理</translation>
    </message>
    <message>
        <source>No counter open now, back about {time}</source>
        <translation>暂无窗口办理，预计 {time} 恢复</translation>
    </message>
    <message>
        <source>Green channel</source>
        <translation>绿色通道</translation>
    </message>
    <message>
        <source>For the elderly, people with disabilities and VIP card holders</source>
        <translation>适用于老年人、残障人士及贵宾卡客户</translation>
    </message>
    <message>
        <source>The printer is out of paper. Please remember your number; staff have been told.</source>
        <translation>打印机缺纸。请记住您的号码，我们已通知工作人员。</translation>
    </message>
    <message>
        <source>Your ticket could not be printed. Please remember your number; staff have been told.</source>
        <translation>号票未能打印。请记住您的号码，我们已通知工作人员。</translation>
    </message>
    <message>
        <source>{service} is closed now. Opening hours: {hours}.</source>
        <translation>{service}当前不在办理时间。办理时间：{hours}。</translation>
    </message>
    <message>
        <source>All of today&apos;s tickets for {service} have been taken. Please come back tomorrow.</source>
        <translation>{service}今日号已取完，请明天再来。</translation>
    </message>
    <message>
        <source>{service} is not available at the moment.</source>
        <translation>{service}暂停办理。</translation>
    </message>
    <message>
        <source>{service} has no green channel. Please take a normal ticket.</source>
        <translation>{service}不设绿色通道，请取普通号。</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again, or ask a member of staff.</source>
        <translation>出现问题，请重试或向工作人员求助。</translation>
    </message>
    <message>
        <source>Read more ▼</source>
        <translation>查看更多 ▼</translation>
    </message>
    <message>
        <source>Back to the top ▲</source>
        <translation>回到顶部 ▲</translation>
    </message>
    <message>
        <source>Back to start</source>
        <translation>返回首页</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Take a ticket</source>
        <translation>取号</translation>
    </message>
</context>
<context>
    <name>LogsView</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>No log lines yet</source>
        <translation>暂无日志</translation>
    </message>
</context>
<context>
    <name>NoticePage</name>
    <message>
        <source>Sorry, no ticket was issued</source>
        <translation>抱歉，未能取号</translation>
    </message>
</context>
<context>
    <name>ParkedPanel</name>
    <message>
        <source>Parked (%1)</source>
        <translation>挂起号码（%1）</translation>
    </message>
    <message>
        <source>No parked tickets.</source>
        <translation>没有挂起的号码。</translation>
    </message>
    <message>
        <source>parked %1 ago</source>
        <translation>%1前挂起</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <source>Wrong PIN: {n} attempt(s) left before the pad locks</source>
        <translation>密码错误：还可尝试 {n} 次，之后将锁定</translation>
    </message>
    <message>
        <source>Locked after too many wrong PINs: try again in {time}</source>
        <translation>密码错误次数过多，已锁定：请在 {time} 后重试</translation>
    </message>
    <message>
        <source>The PIN could not be checked; see the log</source>
        <translation>无法验证密码，请查看日志</translation>
    </message>
    <message>
        <source>This hall has no technician PIN yet: choose one of 4 to 12 digits</source>
        <translation>本厅尚未设置技术维护密码：请设置一个 4 至 12 位数字的密码</translation>
    </message>
    <message>
        <source>Enter the same PIN again</source>
        <translation>请再次输入同一密码</translation>
    </message>
    <message>
        <source>The two PINs were not the same: choose the PIN again</source>
        <translation>两次输入的密码不一致：请重新设置密码</translation>
    </message>
    <message>
        <source>A PIN has 4 to 12 digits: choose the PIN again</source>
        <translation>密码须为 4 至 12 位数字：请重新设置密码</translation>
    </message>
    <message>
        <source>Technician panel: choose a PIN</source>
        <translation>技术维护面板：请设置密码</translation>
    </message>
    <message>
        <source>Technician panel: enter the PIN</source>
        <translation>技术维护面板：请输入密码</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>PrintingPage</name>
    <message>
        <source>Printing your ticket…</source>
        <translation>正在打印号票…</translation>
    </message>
    <message>
        <source>Taking your ticket…</source>
        <translation>正在为您取号…</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <source>{file}: {reason}</source>
        <translation>{file}：{reason}</translation>
    </message>
    <message>
        <source>Alert: a daily report was not written: {file}: {reason}</source>
        <translation>警报：日报未能生成：{file}：{reason}</translation>
    </message>
    <message>
        <source>No daily report yet: one is written when a day ends.</source>
        <translation>暂无日报：每个营业日结束时自动生成。</translation>
    </message>
    <message>
        <source>{n} daily reports.</source>
        <translation>共 {n} 份日报。</translation>
    </message>
    <message>
        <source>written</source>
        <translation>已生成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>being written</source>
        <translation>生成中</translation>
    </message>
    <message>
        <source>files missing</source>
        <translation>文件缺失</translation>
    </message>
    <message>
        <source>On the hall server: {names}</source>
        <translation>在营业厅服务器上：{names}</translation>
    </message>
    <message>
        <source>Saved on this PC: {paths}</source>
        <translation>已保存到本机：{paths}</translation>
    </message>
    <message>
        <source>The daily reports could not be read: {why}</source>
        <translation>无法读取日报：{why}</translation>
    </message>
    <message>
        <source>Daily reports</source>
        <translation>日报</translation>
    </message>
    <message>
        <source>Folder: {where}</source>
        <translation>文件夹：{where}</translation>
    </message>
    <message>
        <source>From the hall server {where}</source>
        <translation>来自营业厅服务器 {where}</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>营业日</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Open the folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Save a copy</source>
        <translation>保存副本</translation>
    </message>
</context>
<context>
    <name>ResolutionDialog</name>
    <message>
        <source>Finish complaint %1</source>
        <translation>办结投诉 %1</translation>
    </message>
    <message>
        <source>Resolved here (Alt+R)</source>
        <translation>当场解决 (Alt+R)</translation>
    </message>
    <message>
        <source>Follow-up: the visitor hears back by (Alt+F)</source>
        <translation>需回访，答复日期 (Alt+F)</translation>
    </message>
    <message>
        <source>Print a slip with the case number (Alt+P)</source>
        <translation>打印受理回执 (Alt+P)</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1 is a complaint: how did it end?</source>
        <translation>%1 是投诉：处理结果如何？</translation>
    </message>
</context>
<context>
    <name>SelfServicePage</name>
    <message>
        <source>Self-service terminals</source>
        <translation>自助终端</translation>
    </message>
    <message>
        <source>The self-service terminals are in the hall, marked &quot;Self-service&quot;. Staff in the hall will gladly help you use them.</source>
        <translation>自助终端位于大厅内，标有“自助服务”字样。大厅工作人员乐意协助您使用。</translation>
    </message>
</context>
<context>
    <name>SimDevicesWindow</name>
    <message>
        <source>Simulated devices</source>
        <translation>模拟设备</translation>
    </message>
    <message>
        <source>Stand-ins for the hall&apos;s devices: what each LED display shows, and the keys of each counter&apos;s keypad and evaluator. Press a key as the clerk or the visitor would. A light is green when the device answers, red when it does not, grey before it has been asked.</source>
        <translation>营业厅设备的模拟：每块 LED 显示屏显示的内容，以及各窗口呼叫器和评价器的按键。请像工作人员或顾客那样按键。指示灯为绿色表示设备有应答，红色表示没有应答，灰色表示尚未询问。</translation>
    </message>
    <message>
        <source>Main LED strip</source>
        <translation>主 LED 条屏</translation>
    </message>
</context>
<context>
    <name>StatsRow</name>
    <message>
        <source>Served today</source>
        <translation>今日已办</translation>
    </message>
    <message>
        <source>No-shows today</source>
        <translation>今日过号</translation>
    </message>
    <message>
        <source>Average service time</source>
        <translation>平均办理时长</translation>
    </message>
</context>
<context>
    <name>TechWindow</name>
    <message>
        <source>Technician panel</source>
        <translation>技术维护面板</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>PCs of the hall</source>
        <translation>大厅电脑</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
</context>
<context>
    <name>TicketPictureDialog</name>
    <message>
        <source>Ticket picture</source>
        <translation>号票图片</translation>
    </message>
    <message>
        <source>Nothing printed yet: a sample ticket with the hall&apos;s template.</source>
        <translation>尚未打印号票：以下是按本厅模板生成的示例号票。</translation>
    </message>
    <message>
        <source>The last ticket this printer printed: {number}.</source>
        <translation>本打印机打印的上一张号票：{number}。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer %1</source>
        <translation>转移 %1</translation>
    </message>
    <message>
        <source>To a &amp;business type</source>
        <translation>转至业务类型(&amp;B)</translation>
    </message>
    <message>
        <source>To a &amp;counter</source>
        <translation>转至窗口(&amp;C)</translation>
    </message>
    <message>
        <source>Where to</source>
        <translation>转往</translation>
    </message>
    <message>
        <source>At the &amp;front of the queue</source>
        <translation>排在队首(&amp;F)</translation>
    </message>
    <message>
        <source>By issue &amp;time (its original turn)</source>
        <translation>按取号时间(&amp;T)（保持原顺序）</translation>
    </message>
    <message>
        <source>At the b&amp;ack of the queue</source>
        <translation>排在队尾(&amp;A)</translation>
    </message>
    <message>
        <source>Place in the queue</source>
        <translation>排队位置</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转移</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Send %1 to:</source>
        <translation>将 %1 转至：</translation>
    </message>
</context>
<context>
    <name>WaitingList</name>
    <message>
        <source>Waiting for this counter</source>
        <translation>本窗口等候</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 人等候</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Waited</source>
        <translation>已等候</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>预计还需</translation>
    </message>
    <message>
        <source>The estimator&apos;s expected remaining wait (80 % range)</source>
        <translation>预计剩余等候时间（80% 区间）</translation>
    </message>
    <message>
        <source>%1 waiting over target: please look after them</source>
        <translation>%1 人等候超时：请前往关怀</translation>
    </message>
    <message>
        <source>Transferred to this counter</source>
        <translation>转入本窗口</translation>
    </message>
    <message>
        <source>%1 over target</source>
        <translation>%1 人超时</translation>
    </message>
    <message>
        <source>Not printed</source>
        <translation>未打印</translation>
    </message>
    <message>
        <source>Over target</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Green channel</source>
        <translation>绿色通道</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>转入</translation>
    </message>
    <message>
        <source>%1 ahead</source>
        <translation>前面 %1 人</translation>
    </message>
</context>
</TS>
