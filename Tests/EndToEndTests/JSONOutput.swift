import Foundation
import TestSupport
import Testing

/// Runs `newsdrop` and parses its standard output as a JSON object.
func newsdropJSON(
    _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], expectStatus: Int32 = 0
) async throws -> [String: Any] {
    let result = try await CommandRunner.run(arguments, in: directory, environment: environment)
    #expect(
        result.status == expectStatus,
        "newsdrop \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    return try #require(object as? [String: Any], "not a JSON object: \(result.stdout)")
}

/// Runs `newsdrop` and parses its standard output as a JSON array.
func newsdropJSONArray(_ arguments: [String], in directory: URL? = nil) async throws -> [[String: Any]] {
    let result = try await CommandRunner.run(arguments, in: directory)
    #expect(
        result.status == 0, "newsdrop \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
}

extension Dictionary where Key == String, Value == Any {
    /// The integer at `key` in a nested object such as `summary`.
    func int(_ path: String...) -> Int? {
        var value: Any? = self
        for key in path { value = (value as? [String: Any])?[key] }
        return value as? Int
    }
}
