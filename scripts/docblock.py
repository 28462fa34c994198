"""Writes generated text into a doc between two markers, the way every script that measures
something puts its figures into the docs (scripts/startup-memory, scripts/overload-sweep): the
text between `start` and `end` is replaced, the markers stay, so the next run finds them again."""
import sys


def replace_between(path, start, end, text, shown_as=None):
    """Replaces what lies between the markers `start` and `end` in the file at `path` with `text`.
    Exits with a message naming the file (`shown_as`, else `path`) when a marker is missing."""
    with open(path) as f:
        doc = f.read()
    if start not in doc or end not in doc:
        sys.exit(f"{shown_as or path} has no {start} ... {end} markers")
    before, rest = doc.split(start, 1)
    _, after = rest.split(end, 1)
    with open(path, "w") as f:
        f.write(before + start + "\n" + text + end + after)
