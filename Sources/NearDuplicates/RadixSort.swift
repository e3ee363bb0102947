/// Sorting 64-bit hashes in linear time: shingle hashes are uniformly distributed, so one counting
/// pass over their top bits scatters them into about one value per bucket, and an insertion sort
/// finishes the nearly sorted result. Several times faster than the standard library's comparison
/// sort on the few hundred to few thousand shingles of an article; any input still sorts correctly
/// (skewed values only make it slower).
enum RadixSort {
    /// The values in ascending order.
    ///
    /// - Parameter values: 64-bit values, ideally uniformly distributed.
    /// - Returns: the same values, sorted ascending.
    static func sorted(_ values: [UInt64]) -> [UInt64] {
        guard values.count > 32 else { return values.sorted() }
        let bits = UInt64.bitWidth - (values.count - 1).leadingZeroBitCount
        let shift = UInt64(UInt64.bitWidth - bits)
        var starts = [Int](repeating: 0, count: (1 << bits) + 1)
        var result = [UInt64](repeating: 0, count: values.count)
        starts.withUnsafeMutableBufferPointer { starts in
            values.withUnsafeBufferPointer { values in
                for value in values { starts[Int(truncatingIfNeeded: value >> shift) + 1] += 1 }
                for bucket in 1..<starts.count { starts[bucket] += starts[bucket - 1] }
                result.withUnsafeMutableBufferPointer { result in
                    for value in values {
                        let bucket = Int(truncatingIfNeeded: value >> shift)
                        result[starts[bucket]] = value
                        starts[bucket] += 1
                    }
                    for index in 1..<result.count {
                        let value = result[index]
                        var position = index
                        while position > 0, result[position - 1] > value {
                            result[position] = result[position - 1]
                            position -= 1
                        }
                        result[position] = value
                    }
                }
            }
        }
        return result
    }
}
