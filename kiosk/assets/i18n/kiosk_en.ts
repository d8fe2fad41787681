<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>BusDevicesList</name>
    <message>
        <source>LED display</source>
        <translation>LED display</translation>
    </message>
    <message>
        <source>Keypad</source>
        <translation>Keypad</translation>
    </message>
    <message>
        <source>Evaluator</source>
        <translation>Evaluator</translation>
    </message>
    <message>
        <source>{bus} · address {address}</source>
        <translation>{bus} · address {address}</translation>
    </message>
    <message>
        <source>Counter devices on the buses</source>
        <translation>Counter devices on the buses</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Bus</source>
        <translation>Bus</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Last error</translation>
    </message>
</context>
<context>
    <name>BusyPage</name>
    <message>
        <source>When is it quieter?</source>
        <translation>When is it quieter?</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>now</source>
        <translation>now</translation>
    </message>
    <message>
        <source>quieter</source>
        <translation>quieter</translation>
    </message>
    <message>
        <source>busier</source>
        <translation>busier</translation>
    </message>
    <message>
        <source>visitors per hour</source>
        <translation>visitors per hour</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>Example</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Example of a typical hall, not yet this one: after a week here, this shows this hall's own figures.</source>
        <translation>Example of a typical hall, not yet this one: after a week here, this shows this hall's own figures.</translation>
    </message>
    <message>
        <source>Average number of visitors per hour over the last {days} days</source>
        <translation>Average number of visitors per hour over the last {days} days</translation>
    </message>
    <message>
        <source>Quieter times: {hours}</source>
        <translation>Quieter times: {hours}</translation>
    </message>
    <message>
        <source>Every hour is about as busy as the others.</source>
        <translation>Every hour is about as busy as the others.</translation>
    </message>
    <message>
        <source>Busiest around {hour}</source>
        <translation>Busiest around {hour}</translation>
    </message>
</context>
<context>
    <name>CaseDialog</name>
    <message>
        <source>Follow-up %1</source>
        <translation>Follow-up %1</translation>
    </message>
    <message>
        <source>Give the visitor case number %1 for %2: they hear back by %3.</source>
        <translation>Give the visitor case number %1 for %2: they hear back by %3.</translation>
    </message>
    <message>
        <source>The slip was printed: hand it to the visitor.</source>
        <translation>The slip was printed: hand it to the visitor.</translation>
    </message>
    <message>
        <source>The slip was not printed: %1</source>
        <translation>The slip was not printed: %1</translation>
    </message>
</context>
<context>
    <name>ConfigView</name>
    <message>
        <source>The configuration in force (read-only). Secrets are shown as (hidden). Change it in the configuration file and restart.</source>
        <translation>The configuration in force (read-only). Secrets are shown as (hidden). Change it in the configuration file and restart.</translation>
    </message>
</context>
<context>
    <name>ConfirmPage</name>
    <message>
        <source>Your number</source>
        <translation>Your number</translation>
    </message>
    <message>
        <source>Scan to follow the queue on your phone</source>
        <translation>Scan to follow the queue on your phone</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Touch the screen to finish</source>
        <translation>Touch the screen to finish</translation>
    </message>
    <message>
        <source>Please take your ticket and keep it until you are called.</source>
        <translation>Please take your ticket and keep it until you are called.</translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message>
        <source>No connection to the hall server: what is shown may be out of date. Reconnecting…</source>
        <translation>No connection to the hall server: what is shown may be out of date. Reconnecting…</translation>
    </message>
    <message>
        <source>Sorry, no ticket can be issued right now. Please ask a member of staff.</source>
        <translation>Sorry, no ticket can be issued right now. Please ask a member of staff.</translation>
    </message>
</context>
<context>
    <name>CounterActions</name>
    <message>
        <source>Call next</source>
        <translation>Call next</translation>
    </message>
    <message>
        <source>Call the next visitor</source>
        <translation>Call the next visitor</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>Call the current ticket again</source>
        <translation>Call the current ticket again</translation>
    </message>
    <message>
        <source>Serve</source>
        <translation>Serve</translation>
    </message>
    <message>
        <source>The visitor has arrived: start service</source>
        <translation>The visitor has arrived: start service</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Service finished</source>
        <translation>Service finished</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>The called visitor did not come</source>
        <translation>The called visitor did not come</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>Transfer…</translation>
    </message>
    <message>
        <source>Send the ticket to another business type or counter</source>
        <translation>Send the ticket to another business type or counter</translation>
    </message>
    <message>
        <source>Park</source>
        <translation>Park</translation>
    </message>
    <message>
        <source>Set the ticket aside to resume later</source>
        <translation>Set the ticket aside to resume later</translation>
    </message>
    <message>
        <source>Resume parked</source>
        <translation>Resume parked</translation>
    </message>
    <message>
        <source>Take back the selected or last parked ticket</source>
        <translation>Take back the selected or last parked ticket</translation>
    </message>
    <message>
        <source>Resume work</source>
        <translation>Resume work</translation>
    </message>
    <message>
        <source>Back from the break</source>
        <translation>Back from the break</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Take a break: call nobody</source>
        <translation>Take a break: call nobody</translation>
    </message>
    <message>
        <source>Open counter</source>
        <translation>Open counter</translation>
    </message>
    <message>
        <source>Start serving at this counter</source>
        <translation>Start serving at this counter</translation>
    </message>
    <message>
        <source>Close counter</source>
        <translation>Close counter</translation>
    </message>
    <message>
        <source>Close when no ticket is at the counter</source>
        <translation>Close when no ticket is at the counter</translation>
    </message>
</context>
<context>
    <name>CounterController</name>
    <message>
        <source>Acknowledged: %1.</source>
        <translation>Acknowledged: %1.</translation>
    </message>
    <message>
        <source>Already seen to at another window.</source>
        <translation>Already seen to at another window.</translation>
    </message>
    <message>
        <source>The queue store can be read again.</source>
        <translation>The queue store can be read again.</translation>
    </message>
    <message>
        <source>Cannot read the queue store: retrying.</source>
        <translation>Cannot read the queue store: retrying.</translation>
    </message>
</context>
<context>
    <name>CounterFormat</name>
    <message>
        <source>under 1 min</source>
        <translation>under 1 min</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>no counter open</source>
        <translation>no counter open</translation>
    </message>
    <message>
        <source>no wait</source>
        <translation>no wait</translation>
    </message>
    <message>
        <source>%1+ min</source>
        <translation>%1+ min</translation>
    </message>
    <message>
        <source>under %1 min</source>
        <translation>under %1 min</translation>
    </message>
    <message>
        <source>%1–%2 min</source>
        <translation>%1–%2 min</translation>
    </message>
</context>
<context>
    <name>CounterMessages</name>
    <message>
        <source>The counter is closed.</source>
        <translation>The counter is closed.</translation>
    </message>
    <message>
        <source>The counter is paused: it calls nobody until you resume.</source>
        <translation>The counter is paused: it calls nobody until you resume.</translation>
    </message>
    <message>
        <source>Welcome back: the counter is open.</source>
        <translation>Welcome back: the counter is open.</translation>
    </message>
    <message>
        <source>The counter is open.</source>
        <translation>The counter is open.</translation>
    </message>
    <message>
        <source>%1: follow-up %2, reply by %3.</source>
        <translation>%1: follow-up %2, reply by %3.</translation>
    </message>
    <message>
        <source>%1 did not come after %2 calls: marked as a no-show.</source>
        <translation>%1 did not come after %2 calls: marked as a no-show.</translation>
    </message>
    <message>
        <source>%1 transferred to %2, %3.</source>
        <translation>%1 transferred to %2, %3.</translation>
    </message>
    <message>
        <source>Called %1.</source>
        <translation>Called %1.</translation>
    </message>
    <message>
        <source>Called %1 again.</source>
        <translation>Called %1 again.</translation>
    </message>
    <message>
        <source>Serving %1.</source>
        <translation>Serving %1.</translation>
    </message>
    <message>
        <source>%1 is done.</source>
        <translation>%1 is done.</translation>
    </message>
    <message>
        <source>%1 marked as a no-show.</source>
        <translation>%1 marked as a no-show.</translation>
    </message>
    <message>
        <source>%1 is parked: resume it when you are ready.</source>
        <translation>%1 is parked: resume it when you are ready.</translation>
    </message>
    <message>
        <source>Resumed %1.</source>
        <translation>Resumed %1.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Done.</translation>
    </message>
    <message>
        <source>at the front of the queue</source>
        <translation>at the front of the queue</translation>
    </message>
    <message>
        <source>at the back of the queue</source>
        <translation>at the back of the queue</translation>
    </message>
    <message>
        <source>in order of issue time</source>
        <translation>in order of issue time</translation>
    </message>
    <message>
        <source>out of paper</source>
        <translation>out of paper</translation>
    </message>
    <message>
        <source>cover open</source>
        <translation>cover open</translation>
    </message>
    <message>
        <source>cutter jammed</source>
        <translation>cutter jammed</translation>
    </message>
    <message>
        <source>printer offline</source>
        <translation>printer offline</translation>
    </message>
    <message>
        <source>the printer did not answer</source>
        <translation>the printer did not answer</translation>
    </message>
    <message>
        <source>printer not connected</source>
        <translation>printer not connected</translation>
    </message>
    <message>
        <source>printing was cut off</source>
        <translation>printing was cut off</translation>
    </message>
    <message>
        <source>printing was interrupted</source>
        <translation>printing was interrupted</translation>
    </message>
    <message>
        <source>printer error</source>
        <translation>printer error</translation>
    </message>
    <message>
        <source>%1 more</source>
        <translation>%1 more</translation>
    </message>
    <message>
        <source>Ticket not printed: %1. Reprint it, or acknowledge once the visitor knows the number.</source>
        <translation>Ticket not printed: %1. Reprint it, or acknowledge once the visitor knows the number.</translation>
    </message>
    <message>
        <source>Tickets not printed: %1. Reprint them, or acknowledge once the visitors know their numbers.</source>
        <translation>Tickets not printed: %1. Reprint them, or acknowledge once the visitors know their numbers.</translation>
    </message>
    <message>
        <source>Nobody is waiting for this counter.</source>
        <translation>Nobody is waiting for this counter.</translation>
    </message>
    <message>
        <source>The queue is busy right now: press again in a moment.</source>
        <translation>The queue is busy right now: press again in a moment.</translation>
    </message>
    <message>
        <source>The queue store cannot be written: please call the technician.</source>
        <translation>The queue store cannot be written: please call the technician.</translation>
    </message>
    <message>
        <source>That business type is not available now.</source>
        <translation>That business type is not available now.</translation>
    </message>
    <message>
        <source>That ticket is no longer in the queue.</source>
        <translation>That ticket is no longer in the queue.</translation>
    </message>
    <message>
        <source>The hall server did not answer: not done. Press again once the connection is back; it will not be done twice.</source>
        <translation>The hall server did not answer: not done. Press again once the connection is back; it will not be done twice.</translation>
    </message>
    <message>
        <source>That is not possible now.</source>
        <translation>That is not possible now.</translation>
    </message>
    <message>
        <source>Something went wrong and was logged: please tell the technician.</source>
        <translation>Something went wrong and was logged: please tell the technician.</translation>
    </message>
    <message>
        <source>The counter is already closed.</source>
        <translation>The counter is already closed.</translation>
    </message>
    <message>
        <source>%1 is still at the counter: finish, transfer or park it first.</source>
        <translation>%1 is still at the counter: finish, transfer or park it first.</translation>
    </message>
    <message>
        <source>The counter is already open.</source>
        <translation>The counter is already open.</translation>
    </message>
    <message>
        <source>The counter is closed: open it first.</source>
        <translation>The counter is closed: open it first.</translation>
    </message>
    <message>
        <source>The counter is already paused.</source>
        <translation>The counter is already paused.</translation>
    </message>
    <message>
        <source>The counter is paused: resume work first.</source>
        <translation>The counter is paused: resume work first.</translation>
    </message>
    <message>
        <source>That ticket is not parked at this counter.</source>
        <translation>That ticket is not parked at this counter.</translation>
    </message>
    <message>
        <source>There is no ticket at the counter.</source>
        <translation>There is no ticket at the counter.</translation>
    </message>
    <message>
        <source>%1 was called but not served yet: press Serve, or No-show.</source>
        <translation>%1 was called but not served yet: press Serve, or No-show.</translation>
    </message>
    <message>
        <source>%1 is a complaint: press Done and record how it ended first.</source>
        <translation>%1 is a complaint: press Done and record how it ended first.</translation>
    </message>
    <message>
        <source>%1 has not been served yet: press Serve first.</source>
        <translation>%1 has not been served yet: press Serve first.</translation>
    </message>
    <message>
        <source>Finish or park %1 before resuming another ticket.</source>
        <translation>Finish or park %1 before resuming another ticket.</translation>
    </message>
    <message>
        <source>%1 is already being served.</source>
        <translation>%1 is already being served.</translation>
    </message>
    <message>
        <source>The ticket is already at that counter.</source>
        <translation>The ticket is already at that counter.</translation>
    </message>
</context>
<context>
    <name>CounterRow</name>
    <message>
        <source>Counter {number}</source>
        <translation>Counter {number}</translation>
    </message>
    <message>
        <source>LED display</source>
        <translation>LED display</translation>
    </message>
</context>
<context>
    <name>CounterWindow</name>
    <message>
        <source>not asked for</source>
        <translation>not asked for</translation>
    </message>
    <message>
        <source>The slip of %1 was not printed: %2</source>
        <translation>The slip of %1 was not printed: %2</translation>
    </message>
    <message>
        <source>Select a waiting ticket, or call one, to reprint it.</source>
        <translation>Select a waiting ticket, or call one, to reprint it.</translation>
    </message>
    <message>
        <source>Ticket %1 was printed again.</source>
        <translation>Ticket %1 was printed again.</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <source>Ticket %1 was not printed: %2</source>
        <translation>Ticket %1 was not printed: %2</translation>
    </message>
    <message>
        <source>%1 · counter workstation</source>
        <translation>%1 · counter workstation</translation>
    </message>
    <message>
        <source>Reprint ticket</source>
        <translation>Reprint ticket</translation>
    </message>
    <message>
        <source>Print the selected waiting ticket (or the current one) again</source>
        <translation>Print the selected waiting ticket (or the current one) again</translation>
    </message>
</context>
<context>
    <name>CurrentTicketPanel</name>
    <message>
        <source>Now at the counter</source>
        <translation>Now at the counter</translation>
    </message>
    <message>
        <source>Waited %1</source>
        <translation>Waited %1</translation>
    </message>
    <message>
        <source>Serving</source>
        <translation>Serving</translation>
    </message>
    <message>
        <source>serving for %1</source>
        <translation>serving for %1</translation>
    </message>
    <message>
        <source>Called</source>
        <translation>Called</translation>
    </message>
    <message>
        <source>Called · recall %1 of %2</source>
        <translation>Called · recall %1 of %2</translation>
    </message>
    <message>
        <source>called %1 ago</source>
        <translation>called %1 ago</translation>
    </message>
    <message>
        <source>Green channel</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <source>Transferred from %1</source>
        <translation>Transferred from %1</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>Transferred</translation>
    </message>
    <message>
        <source>The counter is closed. Press %1 to open it.</source>
        <translation>The counter is closed. Press %1 to open it.</translation>
    </message>
    <message>
        <source>On a break. Press %1 to resume work.</source>
        <translation>On a break. Press %1 to resume work.</translation>
    </message>
    <message>
        <source>Ready. Press %1 to call the next visitor, or %2 to resume a parked one.</source>
        <translation>Ready. Press %1 to call the next visitor, or %2 to resume a parked one.</translation>
    </message>
    <message>
        <source>Ready. Press %1 to call the next visitor.</source>
        <translation>Ready. Press %1 to call the next visitor.</translation>
    </message>
</context>
<context>
    <name>DeviceLight</name>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>Fault</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Not answered yet</source>
        <translation>Not answered yet</translation>
    </message>
    <message>
        <source>Offline: {reason}</source>
        <translation>Offline: {reason}</translation>
    </message>
    <message>
        <source>Fault: {reason}</source>
        <translation>Fault: {reason}</translation>
    </message>
</context>
<context>
    <name>DevicesView</name>
    <message>
        <source>Ticket printer</source>
        <translation>Ticket printer</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>Voice</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Storage</translation>
    </message>
    <message>
        <source>Fonts</source>
        <translation>Fonts</translation>
    </message>
    <message>
        <source>LED displays</source>
        <translation>LED displays</translation>
    </message>
    <message>
        <source>Keypads</source>
        <translation>Keypads</translation>
    </message>
    <message>
        <source>Evaluators</source>
        <translation>Evaluators</translation>
    </message>
    <message>
        <source>Not tested</source>
        <translation>Not tested</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>Pass</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>Fail</translation>
    </message>
    <message>
        <source>the keypad</source>
        <translation>the keypad</translation>
    </message>
    <message>
        <source>the evaluator</source>
        <translation>the evaluator</translation>
    </message>
    <message>
        <source>Press any key on {what} of counter {counter} within {seconds} s</source>
        <translation>Press any key on {what} of counter {counter} within {seconds} s</translation>
    </message>
    <message>
        <source>No self-test has run yet</source>
        <translation>No self-test has run yet</translation>
    </message>
    <message>
        <source>Testing {device} ({n} of {total})</source>
        <translation>Testing {device} ({n} of {total})</translation>
    </message>
    <message>
        <source>Done: {total} tested</source>
        <translation>Done: {total} tested</translation>
    </message>
    <message>
        <source>Printing {number}…</source>
        <translation>Printing {number}…</translation>
    </message>
    <message>
        <source>Ticket {number} was printed again.</source>
        <translation>Ticket {number} was printed again.</translation>
    </message>
    <message>
        <source>Ticket {number} was not printed: {reason}</source>
        <translation>Ticket {number} was not printed: {reason}</translation>
    </message>
    <message>
        <source>The ticket picture could not be drawn: {reason}</source>
        <translation>The ticket picture could not be drawn: {reason}</translation>
    </message>
    <message>
        <source>Reprint ticket</source>
        <translation>Reprint ticket</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <source>Show last ticket</source>
        <translation>Show last ticket</translation>
    </message>
    <message>
        <source>The last ticket the printer printed, as the paper shows it</source>
        <translation>The last ticket the printer printed, as the paper shows it</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Run all self-tests</source>
        <translation>Run all self-tests</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>Device / check</source>
        <translation>Device / check</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
</context>
<context>
    <name>EvaluatorBox</name>
    <message>
        <source>Lit: waiting for the visitor's rating</source>
        <translation>Lit: waiting for the visitor's rating</translation>
    </message>
    <message>
        <source>Rated: {rating}</source>
        <translation>Rated: {rating}</translation>
    </message>
    <message>
        <source>No rating in time</source>
        <translation>No rating in time</translation>
    </message>
    <message>
        <source>Dark: lights up after Done</source>
        <translation>Dark: lights up after Done</translation>
    </message>
    <message>
        <source>Very satisfied</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation>Neutral</translation>
    </message>
    <message>
        <source>Dissatisfied</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>Evaluator</source>
        <translation>Evaluator</translation>
    </message>
</context>
<context>
    <name>ExportView</name>
    <message>
        <source>Folder for the diagnostic bundle</source>
        <translation>Folder for the diagnostic bundle</translation>
    </message>
    <message>
        <source>Folder: {folder}</source>
        <translation>Folder: {folder}</translation>
    </message>
    <message>
        <source>Writing the bundle…</source>
        <translation>Writing the bundle…</translation>
    </message>
    <message>
        <source>Bundle written: {path}</source>
        <translation>Bundle written: {path}</translation>
    </message>
    <message>
        <source>Could not write the bundle: {reason}</source>
        <translation>Could not write the bundle: {reason}</translation>
    </message>
    <message>
        <source>A diagnostic bundle is one .zip file for whoever supports this hall: the logs, the configuration without its secrets, the store's integrity check, the versions in use and the last self-test reports.</source>
        <translation>A diagnostic bundle is one .zip file for whoever supports this hall: the logs, the configuration without its secrets, the store's integrity check, the versions in use and the last self-test reports.</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <source>Export diagnostic bundle</source>
        <translation>Export diagnostic bundle</translation>
    </message>
</context>
<context>
    <name>GuidePage</name>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Take a ticket</source>
        <translation>Take a ticket</translation>
    </message>
    <message>
        <source>Green channel</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <source>You can also do this at a self-service terminal, without queueing.</source>
        <translation>You can also do this at a self-service terminal, without queueing.</translation>
    </message>
    <message>
        <source>Use self-service</source>
        <translation>Use self-service</translation>
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
        <translation>Ticket {number}, counter {counter}</translation>
    </message>
    <message>
        <source>Again: {call}</source>
        <translation>Again: {call}</translation>
    </message>
    <message>
        <source>Now calling</source>
        <translation>Now calling</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>Recent calls</source>
        <translation>Recent calls</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Counter {counter}</source>
        <translation>Counter {counter}</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>Business</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Expected wait</source>
        <translation>Expected wait</translation>
    </message>
    <message>
        <source>about {low}–{high} min</source>
        <translation>about {low}–{high} min</translation>
    </message>
    <message>
        <source>under {high} min</source>
        <translation>under {high} min</translation>
    </message>
    <message>
        <source>no wait</source>
        <translation>no wait</translation>
    </message>
    <message>
        <source>about {n}+ min</source>
        <translation>about {n}+ min</translation>
    </message>
    <message>
        <source>No counter open</source>
        <translation>No counter open</translation>
    </message>
    <message>
        <source>No counter open, back about {time}</source>
        <translation>No counter open, back about {time}</translation>
    </message>
    <message>
        <source>Hours {hours}</source>
        <translation>Hours {hours}</translation>
    </message>
    <message>
        <source>No more tickets today</source>
        <translation>No more tickets today</translation>
    </message>
    <message>
        <source>Not available</source>
        <translation>Not available</translation>
    </message>
    <message>
        <source>Hall display</source>
        <translation>Hall display</translation>
    </message>
    <message>
        <source>Monday</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>Sunday</translation>
    </message>
</context>
<context>
    <name>HallPcsView</name>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>following the feed</source>
        <translation>following the feed</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>not connected</translation>
    </message>
    <message>
        <source>#{id}  {role}  {name}  last contact {contact}  {state}</source>
        <translation>#{id}  {role}  {name}  last contact {contact}  {state}</translation>
    </message>
    <message>
        <source>No PC has joined the hall yet.</source>
        <translation>No PC has joined the hall yet.</translation>
    </message>
    <message>
        <source>Asking the device hosts to test their devices…</source>
        <translation>Asking the device hosts to test their devices…</translation>
    </message>
    <message>
        <source>No device host is connected to the hall server.</source>
        <translation>No device host is connected to the hall server.</translation>
    </message>
    <message>
        <source>Device host #{pc} {name}</source>
        <translation>Device host #{pc} {name}</translation>
    </message>
    <message>
        <source>testing…</source>
        <translation>testing…</translation>
    </message>
    <message>
        <source>Every device host has reported.</source>
        <translation>Every device host has reported.</translation>
    </message>
    <message>
        <source>A device host did not report in time.</source>
        <translation>A device host did not report in time.</translation>
    </message>
    <message>
        <source>The hall server did not answer: {why}</source>
        <translation>The hall server did not answer: {why}</translation>
    </message>
    <message>
        <source>PCs joined to the hall</source>
        <translation>PCs joined to the hall</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Test every device of the hall</source>
        <translation>Test every device of the hall</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Serving</source>
        <translation>Serving</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Serves: %1</source>
        <translation>Serves: %1</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Please choose your business</source>
        <translation>Please choose your business</translation>
    </message>
    <message>
        <source>Touch a business to see what to bring and take a ticket</source>
        <translation>Touch a business to see what to bring and take a ticket</translation>
    </message>
    <message>
        <source>Quieter times</source>
        <translation>Quieter times</translation>
    </message>
    <message>
        <source>Green channel for the elderly, people with disabilities and VIP card holders: choose your business, then Green channel.</source>
        <translation>Green channel for the elderly, people with disabilities and VIP card holders: choose your business, then Green channel.</translation>
    </message>
</context>
<context>
    <name>KeypadBox</name>
    <message>
        <source>Open counter</source>
        <translation>Open counter</translation>
    </message>
    <message>
        <source>Call next</source>
        <translation>Call next</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>Serve</source>
        <translation>Serve</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>Pause / resume</source>
        <translation>Pause / resume</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Refused: {why}</source>
        <translation>Refused: {why}</translation>
    </message>
    <message>
        <source>the keypad's queue is full, the press was lost</source>
        <translation>the keypad's queue is full, the press was lost</translation>
    </message>
    <message>
        <source>Last key: {what}</source>
        <translation>Last key: {what}</translation>
    </message>
    <message>
        <source>the counter is open</source>
        <translation>the counter is open</translation>
    </message>
    <message>
        <source>the counter is open again</source>
        <translation>the counter is open again</translation>
    </message>
    <message>
        <source>the counter is paused</source>
        <translation>the counter is paused</translation>
    </message>
    <message>
        <source>{number} sent to counter {counter}</source>
        <translation>{number} sent to counter {counter}</translation>
    </message>
    <message>
        <source>{number} sent to {service}</source>
        <translation>{number} sent to {service}</translation>
    </message>
    <message>
        <source>{number} did not come: marked as a no-show</source>
        <translation>{number} did not come: marked as a no-show</translation>
    </message>
    <message>
        <source>called {number}</source>
        <translation>called {number}</translation>
    </message>
    <message>
        <source>called {number} again</source>
        <translation>called {number} again</translation>
    </message>
    <message>
        <source>serving {number}</source>
        <translation>serving {number}</translation>
    </message>
    <message>
        <source>{number} is done</source>
        <translation>{number} is done</translation>
    </message>
    <message>
        <source>{number} marked as a no-show</source>
        <translation>{number} marked as a no-show</translation>
    </message>
    <message>
        <source>nobody is waiting for this counter</source>
        <translation>nobody is waiting for this counter</translation>
    </message>
    <message>
        <source>type the counter number first, then press Transfer</source>
        <translation>type the counter number first, then press Transfer</translation>
    </message>
    <message>
        <source>that business type takes no tickets now</source>
        <translation>that business type takes no tickets now</translation>
    </message>
    <message>
        <source>there is no such counter or ticket</source>
        <translation>there is no such counter or ticket</translation>
    </message>
    <message>
        <source>the keypad sent a key it does not have</source>
        <translation>the keypad sent a key it does not have</translation>
    </message>
    <message>
        <source>the queue cannot be saved right now: call the technician</source>
        <translation>the queue cannot be saved right now: call the technician</translation>
    </message>
    <message>
        <source>the counter is already open</source>
        <translation>the counter is already open</translation>
    </message>
    <message>
        <source>the counter is closed: press {open} first</source>
        <translation>the counter is closed: press {open} first</translation>
    </message>
    <message>
        <source>the counter is paused: press {resume} first</source>
        <translation>the counter is paused: press {resume} first</translation>
    </message>
    <message>
        <source>{key} is not possible now</source>
        <translation>{key} is not possible now</translation>
    </message>
    <message>
        <source>Keypad</source>
        <translation>Keypad</translation>
    </message>
    <message>
        <source>Counter no.</source>
        <translation>Counter no.</translation>
    </message>
    <message>
        <source>The counter to transfer to; empty: the keypad's business type</source>
        <translation>The counter to transfer to; empty: the keypad's business type</translation>
    </message>
</context>
<context>
    <name>KioskPhrases</name>
    <message>
        <source>No one waiting</source>
        <translation>No one waiting</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation><numerusform>%n waiting</numerusform><numerusform>%n waiting</numerusform></translation>
    </message>
    <message>
        <source>less than {n} min</source>
        <translation>less than {n} min</translation>
    </message>
    <message>
        <source>about {low}–{high} min</source>
        <translation>about {low}–{high} min</translation>
    </message>
    <message>
        <source>Expected wait: {wait}</source>
        <translation>Expected wait: {wait}</translation>
    </message>
    <message>
        <source>You are next</source>
        <translation>You are next</translation>
    </message>
    <message numerus="yes">
        <source>%n person(s) ahead of you</source>
        <translation><numerusform>%n person ahead of you</numerusform><numerusform>%n people ahead of you</numerusform></translation>
    </message>
    <message>
        <source>Opening hours: {hours}</source>
        <translation>Opening hours: {hours}</translation>
    </message>
    <message>
        <source>No more tickets today</source>
        <translation>No more tickets today</translation>
    </message>
    <message>
        <source>No one ahead</source>
        <translation>No one ahead</translation>
    </message>
    <message numerus="yes">
        <source>%n ahead</source>
        <translation><numerusform>%n ahead</numerusform><numerusform>%n ahead</numerusform></translation>
    </message>
    <message>
        <source>No wait</source>
        <translation>No wait</translation>
    </message>
    <message>
        <source>about {n} min, possibly longer</source>
        <translation>about {n} min, possibly longer</translation>
    </message>
    <message>
        <source>Closed now, opens at {time}</source>
        <translation>Closed now, opens at {time}</translation>
    </message>
    <message>
        <source>Not available</source>
        <translation>Not available</translation>
    </message>
    <message>
        <source>Closed now</source>
        <translation>Closed now</translation>
    </message>
    <message>
        <source>No counter open now</source>
        <translation>No counter open now</translation>
    </message>
    <message>
        <source>No counter open now, back about {time}</source>
        <translation>No counter open now, back about {time}</translation>
    </message>
    <message>
        <source>Green channel</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <source>For the elderly, people with disabilities and VIP card holders</source>
        <translation>For the elderly, people with disabilities and VIP card holders</translation>
    </message>
    <message>
        <source>The printer is out of paper. Please remember your number; staff have been told.</source>
        <translation>The printer is out of paper. Please remember your number; staff have been told.</translation>
    </message>
    <message>
        <source>Your ticket could not be printed. Please remember your number; staff have been told.</source>
        <translation>Your ticket could not be printed. Please remember your number; staff have been told.</translation>
    </message>
    <message>
        <source>{service} is closed now. Opening hours: {hours}.</source>
        <translation>{service} is closed now. Opening hours: {hours}.</translation>
    </message>
    <message>
        <source>All of today's tickets for {service} have been taken. Please come back tomorrow.</source>
        <translation>All of today's tickets for {service} have been taken. Please come back tomorrow.</translation>
    </message>
    <message>
        <source>{service} is not available at the moment.</source>
        <translation>{service} is not available at the moment.</translation>
    </message>
    <message>
        <source>{service} has no green channel. Please take a normal ticket.</source>
        <translation>{service} has no green channel. Please take a normal ticket.</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again, or ask a member of staff.</source>
        <translation>Something went wrong. Please try again, or ask a member of staff.</translation>
    </message>
    <message>
        <source>Read more ▼</source>
        <translation>Read more ▼</translation>
    </message>
    <message>
        <source>Back to the top ▲</source>
        <translation>Back to the top ▲</translation>
    </message>
    <message>
        <source>Back to start</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Take a ticket</source>
        <translation>Take a ticket</translation>
    </message>
</context>
<context>
    <name>LogsView</name>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>No log lines yet</source>
        <translation>No log lines yet</translation>
    </message>
</context>
<context>
    <name>NoticePage</name>
    <message>
        <source>Sorry, no ticket was issued</source>
        <translation>Sorry, no ticket was issued</translation>
    </message>
</context>
<context>
    <name>ParkedPanel</name>
    <message>
        <source>Parked (%1)</source>
        <translation>Parked (%1)</translation>
    </message>
    <message>
        <source>No parked tickets.</source>
        <translation>No parked tickets.</translation>
    </message>
    <message>
        <source>parked %1 ago</source>
        <translation>parked %1 ago</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Wrong PIN: {n} attempt(s) left before the pad locks</source>
        <translation>Wrong PIN: {n} attempt(s) left before the pad locks</translation>
    </message>
    <message>
        <source>Locked after too many wrong PINs: try again in {time}</source>
        <translation>Locked after too many wrong PINs: try again in {time}</translation>
    </message>
    <message>
        <source>The PIN could not be checked; see the log</source>
        <translation>The PIN could not be checked; see the log</translation>
    </message>
    <message>
        <source>This hall has no technician PIN yet: choose one of 4 to 12 digits</source>
        <translation>This hall has no technician PIN yet: choose one of 4 to 12 digits</translation>
    </message>
    <message>
        <source>Enter the same PIN again</source>
        <translation>Enter the same PIN again</translation>
    </message>
    <message>
        <source>The two PINs were not the same: choose the PIN again</source>
        <translation>The two PINs were not the same: choose the PIN again</translation>
    </message>
    <message>
        <source>A PIN has 4 to 12 digits: choose the PIN again</source>
        <translation>A PIN has 4 to 12 digits: choose the PIN again</translation>
    </message>
    <message>
        <source>Technician panel: choose a PIN</source>
        <translation>Technician panel: choose a PIN</translation>
    </message>
    <message>
        <source>Technician panel: enter the PIN</source>
        <translation>Technician panel: enter the PIN</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>PrintingPage</name>
    <message>
        <source>Printing your ticket…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <source>Taking your ticket…</source>
        <translation>Taking your ticket…</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <source>{file}: {reason}</source>
        <translation>{file}: {reason}</translation>
    </message>
    <message>
        <source>Alert: a daily report was not written: {file}: {reason}</source>
        <translation>Alert: a daily report was not written: {file}: {reason}</translation>
    </message>
    <message>
        <source>No daily report yet: one is written when a day ends.</source>
        <translation>No daily report yet: one is written when a day ends.</translation>
    </message>
    <message>
        <source>{n} daily reports.</source>
        <translation>{n} daily reports.</translation>
    </message>
    <message>
        <source>written</source>
        <translation>written</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>being written</source>
        <translation>being written</translation>
    </message>
    <message>
        <source>files missing</source>
        <translation>files missing</translation>
    </message>
    <message>
        <source>On the hall server: {names}</source>
        <translation>On the hall server: {names}</translation>
    </message>
    <message>
        <source>Saved on this PC: {paths}</source>
        <translation>Saved on this PC: {paths}</translation>
    </message>
    <message>
        <source>The daily reports could not be read: {why}</source>
        <translation>The daily reports could not be read: {why}</translation>
    </message>
    <message>
        <source>Daily reports</source>
        <translation>Daily reports</translation>
    </message>
    <message>
        <source>Folder: {where}</source>
        <translation>Folder: {where}</translation>
    </message>
    <message>
        <source>From the hall server {where}</source>
        <translation>From the hall server {where}</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Open the folder</source>
        <translation>Open the folder</translation>
    </message>
    <message>
        <source>Save a copy</source>
        <translation>Save a copy</translation>
    </message>
</context>
<context>
    <name>ResolutionDialog</name>
    <message>
        <source>Finish complaint %1</source>
        <translation>Finish complaint %1</translation>
    </message>
    <message>
        <source>Resolved here (Alt+R)</source>
        <translation>Resolved here (Alt+R)</translation>
    </message>
    <message>
        <source>Follow-up: the visitor hears back by (Alt+F)</source>
        <translation>Follow-up: the visitor hears back by (Alt+F)</translation>
    </message>
    <message>
        <source>Print a slip with the case number (Alt+P)</source>
        <translation>Print a slip with the case number (Alt+P)</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>%1 is a complaint: how did it end?</source>
        <translation>%1 is a complaint: how did it end?</translation>
    </message>
</context>
<context>
    <name>SelfServicePage</name>
    <message>
        <source>Self-service terminals</source>
        <translation>Self-service terminals</translation>
    </message>
    <message>
        <source>The self-service terminals are in the hall, marked "Self-service". Staff in the hall will gladly help you use them.</source>
        <translation>The self-service terminals are in the hall, marked "Self-service". Staff in the hall will gladly help you use them.</translation>
    </message>
</context>
<context>
    <name>SimDevicesWindow</name>
    <message>
        <source>Simulated devices</source>
        <translation>Simulated devices</translation>
    </message>
    <message>
        <source>Stand-ins for the hall's devices: what each LED display shows, and the keys of each counter's keypad and evaluator. Press a key as the clerk or the visitor would. A light is green when the device answers, red when it does not, grey before it has been asked.</source>
        <translation>Stand-ins for the hall's devices: what each LED display shows, and the keys of each counter's keypad and evaluator. Press a key as the clerk or the visitor would. A light is green when the device answers, red when it does not, grey before it has been asked.</translation>
    </message>
    <message>
        <source>Main LED strip</source>
        <translation>Main LED strip</translation>
    </message>
</context>
<context>
    <name>StatsRow</name>
    <message>
        <source>Served today</source>
        <translation>Served today</translation>
    </message>
    <message>
        <source>No-shows today</source>
        <translation>No-shows today</translation>
    </message>
    <message>
        <source>Average service time</source>
        <translation>Average service time</translation>
    </message>
</context>
<context>
    <name>TechWindow</name>
    <message>
        <source>Technician panel</source>
        <translation>Technician panel</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Configuration</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>PCs of the hall</source>
        <translation>PCs of the hall</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Reports</translation>
    </message>
</context>
<context>
    <name>TicketPictureDialog</name>
    <message>
        <source>Ticket picture</source>
        <translation>Ticket picture</translation>
    </message>
    <message>
        <source>Nothing printed yet: a sample ticket with the hall's template.</source>
        <translation>Nothing printed yet: a sample ticket with the hall's template.</translation>
    </message>
    <message>
        <source>The last ticket this printer printed: {number}.</source>
        <translation>The last ticket this printer printed: {number}.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer %1</source>
        <translation>Transfer %1</translation>
    </message>
    <message>
        <source>To a &amp;business type</source>
        <translation>To a &amp;business type</translation>
    </message>
    <message>
        <source>To a &amp;counter</source>
        <translation>To a &amp;counter</translation>
    </message>
    <message>
        <source>Where to</source>
        <translation>Where to</translation>
    </message>
    <message>
        <source>At the &amp;front of the queue</source>
        <translation>At the &amp;front of the queue</translation>
    </message>
    <message>
        <source>By issue &amp;time (its original turn)</source>
        <translation>By issue &amp;time (its original turn)</translation>
    </message>
    <message>
        <source>At the b&amp;ack of the queue</source>
        <translation>At the b&amp;ack of the queue</translation>
    </message>
    <message>
        <source>Place in the queue</source>
        <translation>Place in the queue</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Send %1 to:</source>
        <translation>Send %1 to:</translation>
    </message>
</context>
<context>
    <name>WaitingList</name>
    <message>
        <source>Waiting for this counter</source>
        <translation>Waiting for this counter</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 waiting</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Waited</source>
        <translation>Waited</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Expected</translation>
    </message>
    <message>
        <source>The estimator's expected remaining wait (80 % range)</source>
        <translation>The estimator's expected remaining wait (80 % range)</translation>
    </message>
    <message>
        <source>%1 waiting over target: please look after them</source>
        <translation>%1 waiting over target: please look after them</translation>
    </message>
    <message>
        <source>Transferred to this counter</source>
        <translation>Transferred to this counter</translation>
    </message>
    <message>
        <source>%1 over target</source>
        <translation>%1 over target</translation>
    </message>
    <message>
        <source>Not printed</source>
        <translation>Not printed</translation>
    </message>
    <message>
        <source>Over target</source>
        <translation>Over target</translation>
    </message>
    <message>
        <source>Green channel</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>Transferred</translation>
    </message>
    <message>
        <source>%1 ahead</source>
        <translation>%1 ahead</translation>
    </message>
</context>
</TS>