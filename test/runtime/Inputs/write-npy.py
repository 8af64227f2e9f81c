#!/usr/bin/env python3
"""Writes a version 1 .npy file of f4 with any header, for tests of bad ones.

    write-npy.py OUT SHAPE DATA [--header-size N] [--sparse-data BYTES]

SHAPE is the header's shape text ("(2, 3)"), DATA the bytes after the header.
--header-size writes that header length instead of the real one (a
truncated file); --sparse-data makes the data BYTES of zeros without writing
them (a sparse file)."""
import argparse
import struct


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("shape")
    ap.add_argument("data")
    ap.add_argument("--header-size", type=int)
    ap.add_argument("--sparse-data", type=int)
    args = ap.parse_args()
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }" % args.shape
    header += " " * (-(10 + len(header) + 1) % 64) + "\n"
    size = len(header) if args.header_size is None else args.header_size
    with open(args.out, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", size) + header.encode())
        f.write(args.data.encode())
        if args.sparse_data:
            f.truncate(f.tell() + args.sparse_data)


if __name__ == "__main__":
    main()
