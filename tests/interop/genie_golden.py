#!/usr/bin/python3
"""Prove that genie_zbfw.py reproduces Genie: run each re-implemented parser
over the goldens in ../shared/testdata/genie-iosxe-zbfw/ (GP @ 366d83b9) and
compare with their expected.py; the empty/ outputs must parse to {}."""
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genie_zbfw  # noqa: E402
from zbdaemon import SHARED, need_corpus  # noqa: E402


def main():
    root = os.path.join(SHARED, 'testdata', 'genie-iosxe-zbfw', 'tests')
    need_corpus(root)
    bad = n = 0
    for cls, parse in sorted(genie_zbfw.PARSERS.items()):
        for out in sorted(glob.glob(os.path.join(root, cls, 'cli', '*', '*_output.txt'))):
            exp_file = out[:-len('_output.txt')] + '_expected.py'
            with open(out) as f:
                got = parse(f.read())
            if os.path.exists(exp_file):
                ns = {}
                with open(exp_file) as f:
                    exec(f.read(), ns)
                want = ns['expected_output']
            elif '/empty/' in out:
                want = {}
            else:
                continue
            n += 1
            rel = os.path.relpath(out, root)
            if got != want:
                bad += 1
                print('MISMATCH %s\n  got  %r\n  want %r' % (rel, got, want))
            else:
                print('ok %s' % rel)
    print('%d goldens, %d mismatches' % (n, bad))
    return 1 if bad or n == 0 else 0


if __name__ == '__main__':
    sys.exit(main())
