import Articles
import Benchmark
import BenchmarkCorpus
import NearDuplicates

/// The pure, per-article work of the pipeline, each over the same 1,000 real articles.
///
/// Every benchmark runs its operation once per article of a 1,000-article sample of the corpus in
/// each iteration (`scalingFactor: .kilo`), so the figures marked `*` are per article: wall-clock
/// time and the mallocs and bytes allocated (counted by the benchmark tool's malloc
/// interposer). Inputs are prepared before measurement starts.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .mallocBytesCount],
        timeUnits: .microseconds,
        warmupIterations: 2,
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 50
    )
    let corpus = BenchmarkCorpus()
    let sample = corpus.sample(Benchmark.defaultConfiguration.scalingFactor.rawValue)
    let articles = sample.compactMap { try? Article(bytes: $0) }
    precondition(articles.count == sample.count, "every sampled corpus file must be an article")
    let texts = articles.map(\.text)
    let fingerprinter = Fingerprinter()
    let shingles = articles.map { fingerprinter.fingerprint($0.parsed).shingles }
    let decoder = ArticleDecoder()

    // Bytes → decoded (UTF-8 check, line breaks, NFC), canonical text, SHA-256, content id, parsed.
    Benchmark("Article(bytes:) decode+canonicalise+hash+parse") { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(try? Article(bytes: sample[index], decoder: decoder))
        }
    }

    // Only the decoding, canonicalisation and hashing part of Article(bytes:), without parsing.
    Benchmark("decode+canonicalise+hash (no parse)") { benchmark in
        for index in benchmark.scaledIterations {
            guard let text = try? decoder.decode(sample[index]) else { continue }
            let canonical = CanonicalText(text)
            blackHole(ContentID(digest: canonical.digest))
        }
    }

    // Title, author and date lines, paragraphs, word count.
    Benchmark("ArticleParser.parse") { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(ArticleParser.parse(texts[index]))
        }
    }

    // Word shingles minus boilerplate, MinHash signature, LSH band keys.
    Benchmark("Fingerprinter.fingerprint(title:paragraphs:)") { benchmark in
        for index in benchmark.scaledIterations {
            let parsed = articles[index].parsed
            blackHole(fingerprinter.fingerprint(title: parsed.title, paragraphs: parsed.paragraphs))
        }
    }

    // The same with the layout of threshold 0.3 (20 bands of 2 rows of the 64 values).
    let lowThreshold = Fingerprinter(parameters: NearDuplicateParameters(threshold: 0.3))
    Benchmark("Fingerprinter.fingerprint(title:paragraphs:) threshold 0.3") { benchmark in
        for index in benchmark.scaledIterations {
            let parsed = articles[index].parsed
            blackHole(lowThreshold.fingerprint(title: parsed.title, paragraphs: parsed.paragraphs))
        }
    }

    // Exact Jaccard similarity of two articles' shingle sets (one sorted merge), neighbouring pairs.
    Benchmark("Similarity.jaccard") { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(Similarity.jaccard(shingles[index], shingles[(index + 1) % shingles.count]))
        }
    }
}
