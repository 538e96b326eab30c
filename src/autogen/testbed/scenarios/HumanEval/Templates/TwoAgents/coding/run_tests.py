# The problem's unit tests, run against solution.py; prints the Testbed's pass marker.
import sys

try:
    from solution import __ENTRY_POINT__ as candidate
except Exception as exc:  # no solution yet, or it does not import
    print(f"TESTS NOT RUN: {exc!r}")
    sys.exit(1)

__TEST__

check(candidate)
print("ALL TESTS PASSED !#!#")
