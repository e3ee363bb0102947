#!/usr/bin/env python3
"""datasketch's MinHashLSH on the heavy-edit comparison's documents, as a user would run it.

Usage: eval-near-dup-datasketch.py INPUT.json OUTPUT.json

INPUT (written by neardup-eval): {"num_perm": 128, "shingle_words": 3, "thresholds": [...],
"documents": ["text of a file", ...]} in ingest order. For each threshold, every document in order
is turned into a MinHash of its word 3-shingles (lower-cased \\w+ words of the whole file), the LSH
is queried, each candidate is kept when the two MinHashes estimate a Jaccard similarity of at least
the threshold ("verified by estimate"), then the document is inserted. OUTPUT: {"runs": [{"threshold",
"bands", "rows", "links": [[document, earlier document], ...], "seconds", "minhash_seconds"}]},
seconds = all near-duplicate work (MinHash, query, verification, insert) over all documents.
"""
import json
import re
import sys
import time

try:
    from datasketch import MinHash, MinHashLSH
except ImportError:
    sys.exit("eval-near-dup-datasketch: datasketch is not installed (pip install datasketch)")

WORD = re.compile(r"\w+")


def shingles(text, width):
    words = WORD.findall(text.lower())
    if len(words) < width:
        return [" ".join(words).encode("utf-8")] if words else []
    return list({" ".join(words[i:i + width]).encode("utf-8") for i in range(len(words) - width + 1)})


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        job = json.load(handle)
    num_perm = job["num_perm"]
    width = job["shingle_words"]
    documents = job["documents"]
    runs = []
    for threshold in job["thresholds"]:
        started = time.perf_counter()
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        hashes = []
        links = []
        minhash_seconds = 0.0
        for number, text in enumerate(documents):
            before = time.perf_counter()
            minhash = MinHash(num_perm=num_perm)
            minhash.update_batch(shingles(text, width))
            minhash_seconds += time.perf_counter() - before
            hashes.append(minhash)
            for candidate in lsh.query(minhash):
                if minhash.jaccard(hashes[candidate]) >= threshold:
                    links.append([number, candidate])
            lsh.insert(number, minhash)
        runs.append({
            "threshold": threshold, "bands": lsh.b, "rows": lsh.r, "links": links,
            "seconds": time.perf_counter() - started, "minhash_seconds": minhash_seconds,
        })
    with open(sys.argv[2], "w", encoding="utf-8") as handle:
        json.dump({"runs": runs}, handle)


if __name__ == "__main__":
    main()
