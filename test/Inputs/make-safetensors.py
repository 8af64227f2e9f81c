#!/usr/bin/env python3
"""Writes a .safetensors file for tests, with the standard library only.

    make-safetensors.py -o OUT NAME=DTYPE[D0,D1,...] ...

DTYPE is one of f32, f16, f64, i64, i32, i8. Values are deterministic
(element i holds (i % 7) / 8, times --scale for floats). --spec-file reads more specs from a file
(whitespace-separated, '#' starts a comment). --corrupt-header writes a file
whose JSON header is cut short."""
import argparse
import json
import re
import struct
import sys

FORMATS = {"f32": ("F32", "<f"), "f64": ("F64", "<d"), "f16": ("F16", "<e"),
           "i64": ("I64", "<q"), "i32": ("I32", "<i"), "i8": ("I8", "<b")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", required=True)
    ap.add_argument("--corrupt-header", action="store_true")
    ap.add_argument("--spec-file")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("tensors", nargs="*")
    args = ap.parse_args()
    specs = []
    if args.spec_file:
        for line in open(args.spec_file):
            specs += line.split("#")[0].split()
    specs += args.tensors  # after the file, so that they override it
    # A later spec of the same name replaces an earlier one.
    tensors = {}
    for spec in specs:
        m = re.fullmatch(r"([^=]+)=(\w+)\[([\d,]*)\]", spec)
        if not m or m.group(2) not in FORMATS:
            sys.exit("bad tensor spec %r" % spec)
        name, (dtype, fmt) = m.group(1), FORMATS[m.group(2)]
        shape = [int(d) for d in m.group(3).split(",") if d]
        count = 1
        for d in shape:
            count *= d
        integer = fmt[1] in "qib"
        values = [(i % 7) if integer else (i % 7) / 8 * args.scale for i in range(count)]
        tensors[name] = (dtype, shape, struct.pack("<%d%s" % (count, fmt[1]), *values))
    header, data = {}, b""
    for name, (dtype, shape, blob) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape,
                        "data_offsets": [len(data), len(data) + len(blob)]}
        data += blob
    text = json.dumps(header).encode()
    if args.corrupt_header:
        text = text[: len(text) // 2]
    with open(args.o, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


if __name__ == "__main__":
    main()
