"""The Testbed: run templated agent scenarios many times from a blank slate, then score them.

`autogen testbed run SCENARIO` expands each instance of a JSONL scenario file into
`results/<scenario>/<instance>/<repetition>` and runs it isolated (`_execute.py`), on a process
pool or a Ray cluster (`runner.py`); `autogen testbed tabulate` scores the results
(`tabulate.py`); `humaneval` and `gaia` expand, collate and score those benchmarks.
"""
