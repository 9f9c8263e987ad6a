#!/usr/bin/env bash
# Builds data/debian-sections.tsv.gz: Debian package (short) descriptions labelled by their Section, the
# text-classification data of the spark.ml sparse test (SparseTextPipelineTest) and of
# bench/ml-sparse.sh. Run once on a Debian/Ubuntu machine; the test only reads the bundled file.
#
# Rows: label<TAB>section<TAB>text, where text is the one-line description (apt-cache dumpavail carries no long ones).
# 800 packages per section from games, net, science, sound, text (4,000 rows): those of the
# section in package-name order, one per distinct description (the -dbg/-data variants of one
# source often repeat it), evenly spaced over the section. Labels 0..4 in that section order.
set -euo pipefail
out="${1:-$(dirname "$0")/debian-sections.tsv.gz}"
apt-cache dumpavail | python3 -c '
import sys
sections = ["games", "net", "science", "sound", "text"]
per = 800
pkgs = {s: {} for s in sections}
for stanza in sys.stdin.read().split("\n\n"):
    fields, desc, key = {}, [], None
    for line in stanza.split("\n"):
        if line.startswith(" ") and key == "Description":
            desc.append(line.strip().strip("."))
        elif ":" in line:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
            if key == "Description":
                desc = [value.strip()]
    s = fields.get("Section", "").split("/")[-1]
    if s in pkgs and desc:
        text = " ".join(d for d in desc if d).replace("\t", " ")
        pkgs[s].setdefault(fields["Package"], text)
for label, s in enumerate(sections):
    seen, rows = set(), []
    for name in sorted(pkgs[s]):
        text = pkgs[s][name]
        if text not in seen:
            seen.add(text)
            rows.append(text)
    if len(rows) < per:
        sys.exit("only %d distinct descriptions in section %s" % (len(rows), s))
    for i in range(per):
        print("%d\t%s\t%s" % (label, s, rows[i * len(rows) // per]))
' | gzip -9n > "$out"
echo "wrote $out: $(zcat "$out" | wc -l) rows, $(stat -c %s "$out") bytes"
