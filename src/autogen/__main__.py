"""`python -m autogen`: the two-agent example (see `autogen.cli`)."""

from autogen.cli import main

if __name__ == "__main__":
    main()
