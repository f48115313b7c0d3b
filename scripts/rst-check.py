#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check the reST of Documentation/ with plain docutils (`make lint`).

usage: rst-check.py DOCDIR

Every DOCDIR/**/*.rst must parse with no docutils message of level
WARNING or above.  The pages are written for Sphinx, so its two
constructs that they use are given small stand-ins, which also check what
plain docutils cannot:

  :doc:`name`        the target page (relative to the page, or /-rooted at
                     DOCDIR) must exist;
  .. toctree::       every entry must name an existing page.

Finally every page must be reachable from DOCDIR/index.rst through the
toctrees.  Prints one line per problem and "docutils: N problem(s)";
exits 1 if there is any.
"""
import os
import sys

try:
    from docutils import nodes, utils
    from docutils.core import publish_doctree
    from docutils.parsers.rst import Directive, directives, roles
    from docutils.utils import SystemMessage
except ImportError:
    sys.exit("rst-check.py: docutils is missing (scripts/install-deps.sh "
             "installs python3-docutils)")

problems = []
toctrees = {}           # page name -> [page names it lists]
current = {"page": None}
pages = set()


def resolve(ref):
    """Page name (DOCDIR-relative, no .rst) of a :doc: or toctree entry."""
    ref = ref.strip()
    if ref.startswith("/"):
        return os.path.normpath(ref[1:])
    return os.path.normpath(os.path.join(os.path.dirname(current["page"]),
                                         ref))


def doc_role(name, rawtext, text, lineno, inliner, options=None,
             content=None):
    title_target = utils.unescape(text)
    target = title_target
    if title_target.endswith(">") and "<" in title_target:
        target = title_target[title_target.rindex("<") + 1:-1]
    if resolve(target) not in pages:
        msg = inliner.reporter.error(
            "unknown document in :doc:`%s`" % target, line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    return [nodes.literal(rawtext, title_target)], []


class TocTree(Directive):
    has_content = True
    option_spec = {
        "maxdepth": directives.nonnegative_int,
        "caption": directives.unchanged,
        "numbered": directives.flag,
        "hidden": directives.flag,
        "titlesonly": directives.flag,
        "glob": directives.flag,
    }

    def run(self):
        listed = toctrees.setdefault(current["page"], [])
        msgs = []
        for entry in self.content:
            entry = entry.strip()
            if not entry:
                continue
            if entry.endswith(">") and "<" in entry:
                entry = entry[entry.rindex("<") + 1:-1]
            page = resolve(entry)
            if page not in pages:
                msgs.append(self.state_machine.reporter.error(
                    "toctree entry %r: no such page" % entry,
                    line=self.lineno))
            listed.append(page)
        return msgs


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    top = sys.argv[1]
    files = []
    for d, _, names in os.walk(top):
        for n in names:
            if n.endswith(".rst"):
                path = os.path.join(d, n)
                files.append(path)
                pages.add(os.path.relpath(path, top)[:-len(".rst")])
    roles.register_local_role("doc", doc_role)
    directives.register_directive("toctree", TocTree)

    class Stream:
        def write(self, text):
            text = text.strip()
            if text:
                problems.append(text.splitlines()[0])

    for path in sorted(files):
        current["page"] = os.path.relpath(path, top)[:-len(".rst")]
        with open(path, encoding="utf-8") as f:
            src = f.read()
        try:
            publish_doctree(src, source_path=path, settings_overrides={
                "report_level": 2,      # report warnings and worse
                "halt_level": 5,        # but keep going to list them all
                "warning_stream": Stream(),
                "file_insertion_enabled": False,
                "raw_enabled": False,
            })
        except SystemMessage as e:
            problems.append("%s: %s" % (path, e))

    if "index" not in pages:
        problems.append("%s/index.rst: missing" % top)
    else:
        seen, todo = set(), ["index"]
        while todo:
            p = todo.pop()
            if p not in seen:
                seen.add(p)
                todo.extend(toctrees.get(p, []))
        for p in sorted(pages - seen):
            problems.append("%s/%s.rst: in no toctree reachable from "
                            "index.rst" % (top, p))

    for p in problems:
        print(p)
    print("docutils: %d problem(s)" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
