import Logging
import Systemd
import TestSupport
import Testing

/// `JournalWriter` against a real unix datagram socket standing in for journald's, read, then not
/// read. A submit that waited for the reader would hang these tests: the time limit fails them.
@Suite(.timeLimit(.minutes(1))) struct JournalWriterTests {
    private static func lossEntry(_ loss: JournalLoss) -> [UInt8] {
        JournalDatagram.encode([("MESSAGE", "lost"), ("LOST_ENTRIES", "\(loss.count)")])
    }

    private static func entry(_ number: Int) -> [UInt8] {
        JournalDatagram.encode([("MESSAGE", "entry \(number)\nsecond line"), ("NUMBER", "\(number)")])
    }

    @Test func entriesReachTheSocketInTheOrderTheyWereSubmitted() async throws {
        let folder = try TemporaryDirectory()
        let journald = try NotifySocketListener(path: folder.path("socket").string)
        let writer = JournalWriter(address: journald.path, lossEntry: Self.lossEntry)
        for number in 0..<300 { writer.submit(Self.entry(number)) }
        var numbers: [String] = []
        for _ in 0..<300 {
            let datagram = try #require(await journald.receiveBytes(timeout: .seconds(10)))
            let fields = try #require(JournalDatagram.decode(datagram))
            #expect(fields.first?.value.hasSuffix("\nsecond line") == true)
            numbers += fields.filter { $0.name == "NUMBER" }.map(\.value)
        }
        #expect(numbers == (0..<300).map { "\($0)" })
        #expect(writer.flush(within: .seconds(10)))
        #expect(writer.statistics.written == 300 && writer.statistics.lost == 0)
    }

    @Test func aReaderThatStopsReadingCostsEntriesCountedExactlyNeverTime() async throws {
        let folder = try TemporaryDirectory()
        let journald = try NotifySocketListener(path: folder.path("socket").string)
        let writer = JournalWriter(address: journald.path, maximumEntries: 50, lossEntry: Self.lossEntry)
        for number in 0..<2000 { writer.submit(Self.entry(number)) }
        let statistics = writer.statistics
        #expect(statistics.lost >= 2000 - 50 - NotifySocketListener.queueLimit - 2)
        #expect(statistics.peakWaiting <= 50)
        #expect(!writer.flush(within: .milliseconds(100)))

        // The reader reads again: what was queued arrives in order, and how many were lost.
        var numbers: [Int] = []
        var lost = 0
        while numbers.count + lost < 2000, let datagram = await journald.receiveBytes(timeout: .seconds(10)) {
            let fields = try #require(JournalDatagram.decode(datagram))
            numbers += fields.filter { $0.name == "NUMBER" }.compactMap { Int($0.value) }
            lost += fields.first { $0.name == "LOST_ENTRIES" }.flatMap { Int($0.value) } ?? 0
        }
        #expect(numbers == Array(numbers.sorted()))
        #expect(numbers.count + lost == 2000)
        #expect(lost == writer.statistics.lost)
        #expect(writer.flush(within: .seconds(10)))
    }

    @Test func theHandlerSendsListValuesAsRepeatedFields() async throws {
        let folder = try TemporaryDirectory()
        let journald = try NotifySocketListener(path: folder.path("socket").string)
        let writer = JournalWriter(address: journald.path, lossEntry: Self.lossEntry)
        let handler = JournalLogHandler(identifier: "newsdrop", writer: writer)
        handler.log(
            event: LogEvent(
                level: .info, message: "batch", metadata: ["article_id": ["2a12523330ba2c24", "bd776c32a36d56c5"]],
                source: "test", file: #fileID, function: #function, line: #line))
        let datagram = try #require(await journald.receiveBytes(timeout: .seconds(10)))
        let fields = try #require(JournalDatagram.decode(datagram))
        #expect(fields.filter { $0.name == "ARTICLE_ID" }.map(\.value) == ["2a12523330ba2c24", "bd776c32a36d56c5"])
        #expect(fields.first { $0.name == "MESSAGE" }?.value == "batch")
    }
}
