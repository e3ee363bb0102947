import Articles
import Crypto
import DurableFiles
import SystemPackage

/// Builds claim keys and the work-folder names that carry them.
enum ClaimKey {
    /// Longest file name the kernel accepts.
    static let maximumNameBytes = 255

    /// The key of a file about to be claimed: 16 hex digits of SHA-256 over its device, inode,
    /// size, modification time and name. A rename does not change these, so a claim lost in a
    /// crash yields the same key the second time.
    static func make(for stat: Stat, name: FilePath.Component) -> String {
        // The bytes "dev:ino:size:sec.nsec:name", appended piece by piece (string interpolation
        // cost more than the hash); only the 8 bytes of the digest the key keeps are encoded.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(96)
        bytes.append(contentsOf: String(stat.rawValue.st_dev).utf8)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: String(stat.rawValue.st_ino).utf8)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: String(stat.size).utf8)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: String(stat.st_mtim.tv_sec).utf8)
        bytes.append(UInt8(ascii: "."))
        bytes.append(contentsOf: String(stat.st_mtim.tv_nsec).utf8)
        bytes.append(UInt8(ascii: ":"))
        name.withPlatformString { raw in
            var pointer = raw
            while pointer.pointee != 0 {
                bytes.append(UInt8(bitPattern: pointer.pointee))
                pointer += 1
            }
        }
        return SHA256.hash(data: bytes).withUnsafeBytes {
            HexEncoding.encode(UnsafeRawBufferPointer(rebasing: $0[..<8]))
        }
    }

    /// The work-folder name `<key>.<name>`, the name cut to fit the kernel's limit.
    static func workName(key: String, name: FilePath.Component) -> FilePath.Component {
        var bytes = Array("\(key).".utf8.map { CChar(bitPattern: $0) })
        name.withPlatformString { raw in
            var pointer = raw
            while pointer.pointee != 0, bytes.count < maximumNameBytes {
                bytes.append(pointer.pointee)
                pointer += 1
            }
        }
        return FilePath(platformString: bytes + [0]).lastComponent!
    }

    /// Splits a work-folder name into key and original name; `nil` for other names.
    static func parse(_ workName: FilePath.Component) -> (key: String, name: FilePath.Component)? {
        let text = workName.string
        guard text.utf8.count > 17, text.utf8.dropFirst(16).first == UInt8(ascii: ".") else { return nil }
        let key = String(text.prefix(16))
        guard key.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        let raw = workName.withPlatformString { raw in
            var bytes: [CChar] = []
            var pointer = raw + 17
            while pointer.pointee != 0 {
                bytes.append(pointer.pointee)
                pointer += 1
            }
            return bytes
        }
        guard let name = FilePath(platformString: raw + [0]).lastComponent else { return nil }
        return (key, name)
    }
}
