import Logging
import Systemd
import Testing

@Suite struct JournalLogHandlerTests {
    @Test(arguments: [
        ("article_id", "ARTICLE_ID"), ("source.file", "SOURCE_FILE"), ("_private", "ESCAPED__PRIVATE"),
        ("1st", "ESCAPED_1ST"),
        ("Hallöchen", "HALL_CHEN"), ("unit", "ESCAPED_UNIT"), ("", "EMPTY"),
        (String(repeating: "k", count: 80), String(repeating: "K", count: 64)),
    ])
    func metadataKeysBecomeValidFieldNames(key: String, field: String) {
        #expect(JournalField.name(for: key) == field)
        #expect(JournalField.isValid(JournalField.name(for: key)))
    }

    @Test func entryCarriesMessagePriorityIdentifierCodeLocationMessageIdAndMetadata() {
        var handler = JournalLogHandler(
            identifier: "newsdrop", eventKey: "newsdrop_event",
            messageIDs: ["stored": "fcb3a04d36ae4217ac2d8f61ce22cd55"])
        handler.metadata = ["instance": "vm-1"]
        let event = LogEvent(
            level: .warning, message: "stored it",
            metadata: ["newsdrop_event": "stored", "article_id": "2a12523330ba2c24", "message": "clash"],
            source: "NewsDrop", file: "NewsDrop/InboxDaemon+Loop.swift", function: "finish(_:)", line: 42
        )
        let fields = Dictionary(handler.fields(for: event).map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        #expect(fields["MESSAGE"] == "stored it")
        #expect(fields["PRIORITY"] == "4")
        #expect(fields["SYSLOG_IDENTIFIER"] == "newsdrop")
        #expect(fields["CODE_FILE"] == "NewsDrop/InboxDaemon+Loop.swift")
        #expect(fields["CODE_LINE"] == "42")
        #expect(fields["CODE_FUNC"] == "finish(_:)")
        #expect(fields["MESSAGE_ID"] == "fcb3a04d36ae4217ac2d8f61ce22cd55")
        #expect(fields["NEWSDROP_EVENT"] == "stored")
        #expect(fields["ARTICLE_ID"] == "2a12523330ba2c24")
        #expect(fields["INSTANCE"] == "vm-1")
        #expect(fields["ESCAPED_MESSAGE"] == "clash")  // metadata never overrides a standard field
        #expect(fields["UNIT"] == nil)
    }

    @Test func levelsMapToSyslogPriorities() {
        #expect(
            [Logger.Level.trace, .debug, .info, .notice, .warning, .error, .critical].map(JournalLogHandler.priority)
                == [7, 7, 6, 5, 4, 3, 2])
    }
}
