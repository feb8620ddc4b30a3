#!/bin/sh
# Packs real model samples into .7z archives with the real 7-Zip (Debian: apt-get install p7zip-full), one
# archive per coder and layout the scanner reads or names as not checked (see
# test/model-files/sevenzip-samples/PROVENANCE.md). Run from the repository root.
set -eu
mkdir -p test/model-files/sevenzip-samples
rm -f test/model-files/sevenzip-samples/7z-*
here=$(pwd)/test/model-files/sevenzip-samples
cd test/model-files/real-samples
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp torch-payload.pt torch-checkpoint.pt np2-arrays-p5.pkl joblib-payload.joblib np2-object-payload.npy np2-float.npy "$work"/
# A 3 MB pickle whose payload comes last, after stored (random) and LZMA (zero) chunks of an LZMA2 stream.
python3 -c '
import os, pickle, random
class Payload:
    def __reduce__(self):
        return (os.system, ("id",))
random.seed(7)
# Random bytes with a CALL/JMP-like E8/E9 + rel32 every 37 bytes, so that the BCJ filter has work to do.
parts = []
for i in range(1100):
    parts.append(bytes(random.getrandbits(8) for _ in range(32)))
    parts.append(bytes([random.choice((0xE8, 0xE9))]) + bytes(random.getrandbits(8) for _ in range(3)) + bytes([random.choice((0, 255))]))
noise = b"".join(parts)
# Plain random bytes, which LZMA2 keeps as stored chunks.
stored = bytes(random.getrandbits(8) for _ in range(20000))
with open("large-payload.pkl", "wb") as f:
    pickle.dump((noise, stored, bytes(3000000), Payload()), f, protocol=4)
' && mv large-payload.pkl "$work"/
mkdir "$work/empty-dir" && : > "$work/empty.txt"
cd "$work"
# Default 7z: LZMA2, solid, LZMA-encoded header; a directory and an empty file take no stream.
7z a -bd -t7z "$here/7z-lzma2-solid-payload.7z" empty-dir empty.txt np2-arrays-p5.pkl torch-payload.pt >/dev/null
# LZMA (the 7z format's first coder), benign files only.
7z a -bd -t7z -m0=LZMA "$here/7z-lzma-benign.7z" torch-checkpoint.pt np2-float.npy np2-arrays-p5.pkl >/dev/null
# Stored (copy) members and a plain header.
7z a -bd -t7z -mx0 -mhc=off "$here/7z-copy-payload.7z" joblib-payload.joblib >/dev/null
# One folder per file (not solid): the payload is in the second folder.
7z a -bd -t7z -ms=off "$here/7z-nonsolid-payload.7z" torch-checkpoint.pt np2-object-payload.npy >/dev/null
# DEFLATE inside 7z.
7z a -bd -t7z -m0=Deflate "$here/7z-deflate-payload.7z" np2-object-payload.npy >/dev/null
# LZMA2 over several chunks (each at most 2 MB out), stored chunks among them.
7z a -bd -t7z "$here/7z-lzma2-chunks-payload.7z" large-payload.pkl >/dev/null
# The x86 branch filter (BCJ) before LZMA2, as py7zr writes picklescan's malicious1.7z.
7z a -bd -t7z -m0=BCJ -m1=LZMA2 "$here/7z-bcj-lzma2-payload.7z" large-payload.pkl >/dev/null
# A decompression bomb: 300 MB of zeros (LZMA2 packs them into about 44 kB).
head -c 300000000 /dev/zero > bomb.pkl
7z a -bd -t7z "$here/7z-bomb.7z" bomb.pkl >/dev/null
rm bomb.pkl
# Codecs and encryption the scanner names as not checked.
7z a -bd -t7z -m0=BZip2 "$here/7z-bzip2-payload.7z" torch-payload.pt >/dev/null
7z a -bd -t7z -pmodel-password "$here/7z-encrypted-payload.7z" torch-payload.pt >/dev/null
# A nested archive: a .7z inside a ZIP.
cp "$here/7z-copy-payload.7z" inner.7z
7z a -bd -tzip "$here/7z-inside-zip-payload.zip" inner.7z >/dev/null
