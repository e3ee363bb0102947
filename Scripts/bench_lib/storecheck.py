"""What an end-to-end test needs to account for every input on a real inbox and store: the content
id newsdrop gives bytes, a producer's durable drop, and a survey of where each input is (inbox,
work folder, moved aside) against what the store holds (records, sightings, rejections, `stored`
feed entries), read with plain file reads.

Used by Scripts/e2e-powercut and Scripts/e2e-gluster; not meant to be run on its own."""

import collections
import glob
import hashlib
import json
import os
import re
import unicodedata

ASIDE = ("processed", "duplicates", "rejected")



def content_id(data):
    """The content id newsdrop gives these bytes (README "Article identity"): UTF-8 (BOM dropped),
    else Windows-1252; CRLF/CR → LF; NFC; whitespace runs → one space; trimmed; SHA-256, 16 hex."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="strict")
    canonical = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]



def drop(inbox, inputs, durable=True):
    """Drops each (name, data) as a producer must: under a dot-name, written (and fsync'ed), renamed
    into the inbox; then (durable) the inbox is fsync'ed."""
    for name, data in inputs:
        temporary = os.path.join(inbox, f".{name}.part")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(fd, data)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.rename(temporary, os.path.join(inbox, name))
    if not durable:
        return
    fd = os.open(inbox, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_json(path):
    try:
        with open(path, "rb") as handle:
            return json.loads(handle.read())
    except (OSError, ValueError):
        return None


def locations(inbox):
    """Where every input name is: "inbox", "work" (a claim), or a destination folder; names only
    (cheap even on a network file system: a few folder listings)."""
    found = collections.defaultdict(list)
    if os.path.isdir(inbox):
        for name in os.listdir(inbox):
            if not name.startswith(".") and os.path.isfile(os.path.join(inbox, name)):
                found[name].append("inbox")
    for path in glob.glob(os.path.join(inbox, ".newsdrop", "work", "*", "*")):
        work_name = os.path.basename(path)
        if re.fullmatch(r"[0-9a-f]{16}\..+", work_name):
            found[work_name[17:]].append("work")
    for folder in ASIDE:
        for name in os.listdir(os.path.join(inbox, folder)) if os.path.isdir(os.path.join(inbox, folder)) else ():
            if name.endswith(".reason.json"):
                continue
            stem, ext = os.path.splitext(name)
            original = re.sub(r"\.\d+$", "", stem) + ext  # 000_x.1.txt → 000_x.txt (a name clash)
            found[original].append(folder)
    return found


def survey(inbox, store):
    """Where every input name is, and what the store holds (every record, sighting, rejection and
    feed entry read), from plain file reads."""
    found = locations(inbox)
    sightings = collections.defaultdict(list)  # input name -> [content id]
    damaged = []
    records = {}
    for path in glob.glob(os.path.join(store, "articles", "*", "*.json")):
        if os.path.basename(path).startswith("."):
            continue
        record = read_json(path)
        if not record or "first_source" not in record or "canonical_text" not in record:
            damaged.append(path)
            continue
        records[record["id"]] = record
        sightings[record["first_source"]["file"]].append(record["id"])
    for path in glob.glob(os.path.join(store, "sightings", "*", "*.json")):
        if os.path.basename(path).startswith("."):
            continue
        sighting = read_json(path)
        if not sighting or "source" not in sighting:
            damaged.append(path)
            continue
        if sighting["id"] in records:  # a sighting counts only with its record complete
            sightings[sighting["source"]["file"]].append(sighting["id"])
    rejections = collections.Counter()
    for path in glob.glob(os.path.join(store, "rejections", "*", "*.json")):
        rejection = read_json(path)
        if rejection and "source" in rejection:
            rejections[rejection["source"]["file"]] += 1
    stored_entries = collections.Counter()
    for path in sorted(glob.glob(os.path.join(store, "feed", "*.jsonl"))):
        with open(path, "rb") as handle:
            for line in handle:
                try:
                    entry = json.loads(line)
                except ValueError:
                    break  # a torn tail: readers stop there too
                if entry.get("event") == "stored":
                    stored_entries[entry.get("id")] += 1
    return found, sightings, rejections, records, stored_entries, damaged


def check(inbox, store, expected, final=False):
    """Returns (lost, doubled, notes): lists of sentences about inputs, and counts for the log."""
    found, sightings, rejections, records, stored_entries, damaged = survey(inbox, store)
    lost, doubled = [], []
    places = collections.Counter()
    for name, cid in expected.items():
        where = found.get(name, [])
        places[where[0] if len(where) == 1 else ("nowhere" if not where else "several")] += 1
        if not where:
            lost.append(f"{name}: nowhere (not in the inbox, a work folder or moved aside)")
            continue
        aside = [w for w in where if w in ASIDE]
        if aside and aside != ["rejected"] and cid not in sightings.get(name, []):
            lost.append(f"{name}: in {aside[0]}/ but no complete record or sighting of {cid} names it")
        if aside == ["rejected"] and not rejections.get(name):
            lost.append(f"{name}: in rejected/ without a rejection entry")
        if final and (not aside or "rejected" in aside):
            lost.append(f"{name}: not processed at the end ({', '.join(where)})")
        if len(sightings.get(name, [])) > 1:
            doubled.append(f"{name}: recorded by {len(sightings[name])} sightings")
    for cid, count in stored_entries.items():
        if count > 1:
            doubled.append(f"content {cid}: {count} `stored` entries in the feed")
    if final:
        distinct = set(expected.values())
        missing = distinct - set(records)
        extra = set(records) - distinct
        if missing:
            lost.append(f"{len(missing)} contents have no record, e.g. {sorted(missing)[:3]}")
        if extra:
            doubled.append(f"{len(extra)} records of contents never dropped, e.g. {sorted(extra)[:3]}")
    notes = dict(places, records=len(records), damaged_files=len(damaged),
                 sightings=sum(len(ids) for ids in sightings.values()) - len(records))
    return lost, doubled, notes
