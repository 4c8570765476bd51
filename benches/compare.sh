#!/usr/bin/env bash
# Side by side with the reference programs of benches/reference, interleaved on
# this machine (it is noisy: compare ratios from one run, never absolute
# times from different days). Needs hyperfine, python3 and, for the search
# row, fzf (Debian packages). Prints medians and entscope's ratio to each
# reference; peak memory from /usr/bin/time.
#
#   benches/compare.sh            # everything
#   benches/compare.sh link       # one row: link | frame | search | scale | folder
#   benches/compare.sh index      # 250 MB in 5,000 files indexed, beside rust-ac (not in "all": minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=benches/reference
data=target/bench-data
refs=target/refs
entscope=target/release/entscope
runs=${RUNS:-10}

for tool in hyperfine python3; do
    command -v "$tool" >/dev/null || { echo "compare.sh needs $tool (hyperfine: cargo install hyperfine)" >&2; exit 1; }
done
cargo build --release --quiet
mkdir -p "$refs"
for ref in rust-ac rust-fuzzy; do
    cargo build --release --quiet --manifest-path "$shared/$ref/Cargo.toml" --target-dir "$refs/$ref"
done
ac=$refs/rust-ac/release/rust-ac
nucleo=$refs/rust-fuzzy/release/nucleo-filter
fm=$refs/rust-fuzzy/release/fm-filter

if [ ! -f "$data/corpus.txt" ]; then
    python3 "$shared/gen_corpus.py" --out "$data"
fi
[ -f "$data/book.entities.json" ] || python3 "$shared/entscope_adapter.py" catalog "$data/gazetteer.json" "$data/book.entities.json"
[ -f "$data/names.entities.json" ] || python3 "$shared/entscope_adapter.py" catalog "$data/gazetteer.json" "$data/names.entities.json" --names "$data/names.txt"
[ -f "$data/book.txt" ] || cp "$data/corpus.txt" "$data/book.txt"
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
export XDG_CACHE_HOME=$cache

# hyperfine over the commands given; prints "median  command" per line.
medians() {
    local json
    json=$(mktemp)
    hyperfine -N --warmup 2 --runs "$runs" --export-json "$json" "$@" >/dev/null 2>&1
    python3 - "$json" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
base = statistics.median(results[0]["times"])
for r in results:
    m = statistics.median(r["times"])
    print(f"  {m * 1e3:9.1f} ms  {m / base:5.2f}x  {r['command']}")
PY
    rm -f "$json"
}

peak() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.0f MiB", $1 / 1024}'; }

row=${1:-all}
if [ "$row" = all ] || [ "$row" = link ]; then
    echo "== link 5 MB with 10k entities / 31k aliases, whole process (first line is the reference)"
    medians \
        "$ac --mode spacy --lower -o /tmp/entscope-ac.jsonl $data/gazetteer.json $data/corpus.txt" \
        "$entscope export $data/book.txt --format jsonl --output /tmp/entscope-cold.jsonl --force --no-cache" \
        "$entscope export $data/book.txt --format jsonl --output /tmp/entscope-warm.jsonl --force"
    echo "  peak memory: rust-ac $(peak "$ac" --mode spacy --lower -o /tmp/entscope-ac.jsonl "$data/gazetteer.json" "$data/corpus.txt"),"\
         "entscope cold $(peak "$entscope" export "$data/book.txt" --format jsonl --output /tmp/entscope-cold.jsonl --force --no-cache),"\
         "warm $(peak "$entscope" export "$data/book.txt" --format jsonl --output /tmp/entscope-warm.jsonl --force)"
fi
if [ "$row" = all ] || [ "$row" = frame ]; then
    echo "== first full frame at 160x48 on the same corpus + catalog (ms, one per run)"
    for i in 1 2 3 4 5; do
        printf '  less %s  vim %s  entscope cold %s  warm %s\n' \
            "$(python3 benches/first_frame.py 160x48 corpus.txt q -- less "$data/corpus.txt")" \
            "$(python3 benches/first_frame.py 160x48 corpus.txt ':q\r' -- vim -u NONE "$data/corpus.txt")" \
            "$(python3 benches/first_frame.py 160x48 '? help' q -- "$entscope" "$data/book.txt" --no-cache)" \
            "$(python3 benches/first_frame.py 160x48 '? help' q -- "$entscope" "$data/book.txt")"
    done
fi
if [ "$row" = all ] || [ "$row" = search ]; then
    echo "== rank 100k names for 'new zea', whole process"
    "$entscope" search 'new zea' "$data/names.entities.json" >/dev/null
    medians \
        "$nucleo $data/names.txt 'new zea'" \
        "$fm $data/names.txt 'new zea'" \
        "fzf --filter 'new zea' --no-sort < $data/names.txt" \
        "$entscope search 'new zea' $data/names.entities.json" \
        "$entscope search 'new zea' $data/names.entities.json --no-cache"
fi
if [ "$row" = all ] || [ "$row" = scale ]; then
    echo "== cost against the size of the text (10k-entity catalog, cold)"
    for mb in 1 5 20 50; do
        dir=target/bench-$mb
        [ "$mb" = 5 ] && dir=$data
        [ -f "$dir/corpus.txt" ] || python3 "$shared/gen_corpus.py" --out "$dir" --size-mb "$mb" >/dev/null
        medians \
            "$ac --mode spacy --lower -o /tmp/entscope-ac.jsonl $data/gazetteer.json $dir/corpus.txt" \
            "$entscope export $dir/corpus.txt --catalog $data/book.entities.json --format jsonl --output /tmp/entscope-scale.jsonl --force --no-cache"
        echo "  $mb MB peak memory: rust-ac $(peak "$ac" --mode spacy --lower -o /tmp/entscope-ac.jsonl "$data/gazetteer.json" "$dir/corpus.txt"),"\
             "entscope $(peak "$entscope" export "$dir/corpus.txt" --catalog "$data/book.entities.json" --format jsonl --output /tmp/entscope-scale.jsonl --force --no-cache)"
    done
fi
if [ "$row" = all ] || [ "$row" = folder ]; then
    echo "== a folder of many files against the same text in one file"
    for n in 50 227; do
        folder=target/bench-folder-$n
        if [ ! -d "$folder" ]; then
            [ -f target/bench-15/corpus.txt ] || python3 "$shared/gen_corpus.py" --out target/bench-15 --size-mb 15 >/dev/null
            python3 - "$folder" "$n" <<'PY'
import os, sys
folder, n = sys.argv[1], int(sys.argv[2])
size = {50: 2_600_000, 227: 12_000_000}[n]
paras = open("target/bench-15/corpus.txt").read().split("\n\n")
os.makedirs(folder)
chunk, total, i, whole = [], 0, 0, []
for p in paras:
    chunk.append(p)
    total += len(p) + 2
    if total >= size // n:
        body = "\n\n".join(chunk) + "\n"
        open(f"{folder}/doc{i:04d}.txt", "w").write(body)
        whole.append(body)
        chunk, total, i = [], 0, i + 1
        if i == n:
            break
open(f"{folder}.txt", "w").write("\n".join(whole))
PY
        fi
        medians \
            "$entscope export $folder.txt --catalog $data/book.entities.json --format jsonl --output /tmp/entscope-one.jsonl --force --no-cache" \
            "$entscope export $folder --catalog $data/book.entities.json --format jsonl --output /tmp/entscope-many.jsonl --force --no-cache"
    done
fi

if [ "$row" = index ]; then
    echo "index 250 MB in 5,000 files from scratch (rust-ac links the same text as one file)"
    big=target/bench-index
    if [ ! -d "$big/corpus" ]; then
        python3 "$shared/gen_corpus.py" --out "$big/gen" --seed 1 --size-mb 250 >/dev/null
        python3 "$shared/entscope_adapter.py" catalog "$big/gen/gazetteer.json" "$big/cat.entities.json" >/dev/null
        python3 - "$big" <<'PY'
import os, sys
big = sys.argv[1]
paras = open(f"{big}/gen/corpus.txt", encoding="utf-8").read().split("\n\n")
n = 5000
per = max(1, len(paras) // n)
os.makedirs(f"{big}/corpus", exist_ok=True)
for i in range(n):
    chunk = paras[i * per:(i + 1) * per] if i < n - 1 else paras[i * per:]
    with open(f"{big}/corpus/doc{i:05d}.txt", "w", encoding="utf-8") as f:
        f.write("\n\n".join(p for p in chunk if p.strip()) + "\n")
PY
        cat "$big"/corpus/*.txt > "$big/corpus.txt"
    fi
    # From scratch each time: the index is removed before every run.
    json=$(mktemp)
    hyperfine -N --runs 3 --prepare "rm -f /tmp/compare.entscope-index" --export-json "$json" \
        "$ac --mode spacy --lower -o /tmp/ac-index.jsonl $big/gen/gazetteer.json $big/corpus.txt" \
        "$entscope index $big/corpus --catalog $big/cat.entities.json --output /tmp/compare.entscope-index" \
        >/dev/null 2>&1
    python3 - "$json" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
base = statistics.median(results[0]["times"])
for r in results:
    m = statistics.median(r["times"])
    print(f"  {m:9.2f} s  {m / base:5.2f}x  {r['command']}")
PY
    rm -f "$json"
    echo "  peak: rust-ac $(peak "$ac" --mode spacy --lower -o /tmp/ac-index.jsonl "$big/gen/gazetteer.json" "$big/corpus.txt"), entscope $(rm -f /tmp/compare.entscope-index; peak "$entscope" index "$big/corpus" --catalog "$big/cat.entities.json" --output /tmp/compare.entscope-index)"
fi
