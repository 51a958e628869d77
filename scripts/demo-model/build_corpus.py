#!/usr/bin/python3
"""Build the KJV demo dataset from Debian's bible-kjv.

    /usr/bin/python3 scripts/demo-model/build_corpus.py [--out resources/demo-dataset]

Runs `bible -f 'gen1:1-rev22:21'`, strips the verse references, groups the
verses into one document per chapter (verses joined by a single space), and
splits the chapters deterministically (seed 1234) into train/validation/test
(90/5/5).  Writes kjv-{train,validation,test}.jsonl ({"text", "book",
"chapter"} per line, in canonical order) and a dataset.json manifest.
"""
import argparse, json, os, random, re, subprocess, sys

BOOKS = [
    ("Ge", "Genesis"), ("Exo", "Exodus"), ("Lev", "Leviticus"), ("Num", "Numbers"),
    ("Deu", "Deuteronomy"), ("Josh", "Joshua"), ("Jdgs", "Judges"), ("Ruth", "Ruth"),
    ("1Sm", "1 Samuel"), ("2Sm", "2 Samuel"), ("1Ki", "1 Kings"), ("2Ki", "2 Kings"),
    ("1Chr", "1 Chronicles"), ("2Chr", "2 Chronicles"), ("Ezra", "Ezra"), ("Neh", "Nehemiah"),
    ("Est", "Esther"), ("Job", "Job"), ("Psa", "Psalms"), ("Prv", "Proverbs"),
    ("Eccl", "Ecclesiastes"), ("SSol", "Song of Solomon"), ("Isa", "Isaiah"), ("Jer", "Jeremiah"),
    ("Lam", "Lamentations"), ("Eze", "Ezekiel"), ("Dan", "Daniel"), ("Hos", "Hosea"),
    ("Joel", "Joel"), ("Amos", "Amos"), ("Obad", "Obadiah"), ("Jonah", "Jonah"),
    ("Mic", "Micah"), ("Nahum", "Nahum"), ("Hab", "Habakkuk"), ("Zep", "Zephaniah"),
    ("Hag", "Haggai"), ("Zec", "Zechariah"), ("Mal", "Malachi"), ("Mat", "Matthew"),
    ("Mark", "Mark"), ("Luke", "Luke"), ("John", "John"), ("Acts", "Acts"),
    ("Rom", "Romans"), ("1Cor", "1 Corinthians"), ("2Cor", "2 Corinthians"), ("Gal", "Galatians"),
    ("Eph", "Ephesians"), ("Phi", "Philippians"), ("Col", "Colossians"), ("1Th", "1 Thessalonians"),
    ("2Th", "2 Thessalonians"), ("1Tim", "1 Timothy"), ("2Tim", "2 Timothy"), ("Titus", "Titus"),
    ("Phmn", "Philemon"), ("Heb", "Hebrews"), ("Jas", "James"), ("1Pet", "1 Peter"),
    ("2Pet", "2 Peter"), ("1Jn", "1 John"), ("2Jn", "2 John"), ("3Jn", "3 John"),
    ("Jude", "Jude"), ("Rev", "Revelation"),
]
ABBR = dict(BOOKS)
SEED = 1234
SPLIT = (0.90, 0.05, 0.05)
VERSE_RE = re.compile(r"^([0-9]?[A-Za-z]+)([0-9]+):([0-9]+) (.*)$")


def load_chapters():
    raw = subprocess.run(["bible", "-f", "gen1:1-rev22:21"], check=True,
                         capture_output=True, text=True).stdout
    chapters = []  # list of dicts in canonical order
    for line in raw.splitlines():
        if not line.strip():
            continue
        m = VERSE_RE.match(line)
        if not m:
            raise SystemExit(f"unexpected line: {line!r}")
        abbr, ch, _v, text = m.groups()
        book = ABBR[abbr]
        ch = int(ch)
        if not chapters or chapters[-1]["book"] != book or chapters[-1]["chapter"] != ch:
            chapters.append({"book": book, "chapter": ch, "verses": []})
        chapters[-1]["verses"].append(text.strip())
    return [{"text": " ".join(c["verses"]), "book": c["book"], "chapter": c["chapter"]}
            for c in chapters]


def split(chapters):
    idx = list(range(len(chapters)))
    random.Random(SEED).shuffle(idx)
    n = len(idx)
    n_val = round(n * SPLIT[1])
    n_test = round(n * SPLIT[2])
    val = set(idx[:n_val])
    test = set(idx[n_val:n_val + n_test])
    out = {"train": [], "validation": [], "test": []}
    for i, c in enumerate(chapters):  # keep canonical order inside each split
        out["validation" if i in val else "test" if i in test else "train"].append(c)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="resources/demo-dataset")
    args = ap.parse_args()
    chapters = load_chapters()
    assert len(chapters) == 1189, len(chapters)
    splits = split(chapters)
    os.makedirs(args.out, exist_ok=True)
    manifest_splits = {}
    for name, docs in splits.items():
        fn = f"kjv-{name}.jsonl"
        with open(os.path.join(args.out, fn), "w", encoding="utf-8", newline="\n") as f:
            for d in docs:
                f.write(json.dumps({"text": d["text"], "book": d["book"], "chapter": d["chapter"]},
                                   ensure_ascii=False) + "\n")
        manifest_splits[name] = {"file": fn, "num_rows": len(docs),
                                 "num_chars": sum(len(d["text"]) for d in docs)}
    manifest = {
        "name": "KJV Bible (demo)",
        "description": ("The King James Version of the Bible, one document per chapter "
                        "(verse references stripped, verses joined by a space), split "
                        "deterministically by chapter into train/validation/test (90/5/5, seed "
                        f"{SEED}). Built by scripts/demo-model/build_corpus.py."),
        "source": "Debian bible-kjv-text, public domain",
        "license": "public domain",
        "format": "jsonl",
        "text_field": "text",
        "metadata_fields": ["book", "chapter"],
        "splits": manifest_splits,
        "split_seed": SEED,
        "num_documents": len(chapters),
    }
    with open(os.path.join(args.out, "dataset.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(json.dumps(manifest_splits, indent=1))


if __name__ == "__main__":
    main()
