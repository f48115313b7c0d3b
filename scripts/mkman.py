#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Build the manual pages from the reST documentation (docutils' man writer).

    scripts/mkman.py OUTDIR          write every page into OUTDIR
    scripts/mkman.py --list          print the page file names

The pages below are assembled from the files under Documentation/, which
stay the only copy of the text: a part is a whole document (its title
dropped) or one of its top-level sections.  :doc: references are rewritten
as the page that holds the target (``dbexec(1)``), a section of the same
page, or the path of the document.  The date is $SOURCE_DATE_EPOCH, else the
last commit's, so the output is reproducible.
"""
import copy
import os
import re
import subprocess
import sys
import time

from docutils import nodes, utils
from docutils.core import publish_doctree, publish_from_doctree
from docutils.parsers.rst import roles
from docutils.writers import manpage

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(TOP, "Documentation")
VERSION = "1.0"
MANUAL = "Drawbridge for Linux"

# Documents of the ABI reference, in the order libdk(3) shows them.
ABI = ["abi/index", "abi/core", "abi/threads", "abi/sync", "abi/streams",
       "abi/processes"]

# (name, section, one-line description, parts, see also).  A part is
# (document, None) for the whole document, (document, "Title") for one
# top-level section, and a third element, when present, is the heading to
# put the part under (a new top-level section).
PAGES = [
    ("drawbridge", 7, "picoprocess personality for Linux (overview)",
     [("design/overview", None),
      ("install", "The device", "Device"),
      ("confinement", None, "Confinement"),
      ("manifest", None, None, "Manifest")],
     ["dbexec(1)", "dbexec.manifest(5)", "dbcc(1)", "dbtrace(1)",
      "libdk(3)"]),
    ("dbexec", 1, "launch and monitor a Drawbridge picoprocess",
     [("dbexec", None)],
     ["dbexec.manifest(5)", "dbcc(1)", "dbtrace(1)", "drawbridge(7)"]),
    ("dbexec.manifest", 5, "policy file of a Drawbridge picoprocess",
     [("manifest", None)],
     ["dbexec(1)", "drawbridge(7)"]),
    ("dbcc", 1, "build a Drawbridge picoprocess image",
     [("dbexec", "Images: dbcc", "Description")],
     ["dbexec(1)", "libdk(3)", "drawbridge(7)"]),
    ("dbtrace", 1, "trace the Dk calls of Drawbridge picoprocesses",
     [("dbtrace", None)],
     ["dbexec(1)", "drawbridge(7)", "bpftrace(8)"]),
    ("libdk", 3, "the Drawbridge Dk calls: prototypes, semantics, errors",
     [(d, None, None) for d in ABI],
     ["dbcc(1)", "dbexec(1)", "drawbridge(7)"]),
]

# A document referenced from a page that does not include it: the page
# that does, if there is one.
PAGE_OF = {"dbexec": "dbexec(1)", "manifest": "dbexec.manifest(5)",
           "dbtrace": "dbtrace(1)", "confinement": "drawbridge(7)",
           "design/overview": "drawbridge(7)", "install": "drawbridge(7)"}
PAGE_OF.update({d: "libdk(3)" for d in ABI})


class Resolver:
    """Rewrites :doc: targets for the page being built."""

    def __init__(self):
        self.page = None        # "name(section)" of the page being built
        self.current = None     # document being parsed, e.g. "abi/core"
        self.titles = {}        # document -> its title

    def text(self, target):
        base = os.path.dirname(self.current)
        doc = os.path.normpath(os.path.join(base, target)).lstrip("./")
        page = PAGE_OF.get(doc)
        if page == self.page and doc in self.titles:
            return 'section "%s"' % self.titles[doc]
        if page and page != self.page:
            return page
        if page == self.page:
            return "this page"
        return "Documentation/%s.rst" % doc


RESOLVER = Resolver()


def doc_role(name, rawtext, text, lineno, inliner, options=None,
             content=None):
    return [nodes.emphasis(rawtext, RESOLVER.text(utils.unescape(text)))], []


roles.register_local_role("doc", doc_role)

SETTINGS = {"report_level": 2, "halt_level": 2, "output_encoding": "utf-8",
            "doctitle_xform": True, "sectsubtitle_xform": False}


def parse(doc):
    path = os.path.join(DOC, doc + ".rst")
    RESOLVER.current = doc
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return publish_doctree(text, source_path=path,
                           settings_overrides=SETTINGS)


def title_of(tree):
    for child in tree.children:
        if isinstance(child, nodes.title):
            return child.astext()
    return None


def body(tree, section):
    """The nodes of a whole document (minus its title) or of one section."""
    if section is None:
        return [copy.deepcopy(c) for c in tree.children
                if not isinstance(c, (nodes.title, nodes.subtitle,
                                      nodes.docinfo))]
    for child in tree.children:
        if isinstance(child, nodes.section) and \
                child[0].astext() == section:
            return [copy.deepcopy(c) for c in child.children
                    if not isinstance(c, nodes.title)]
    raise SystemExit("mkman: %s has no section %r" % (tree["source"],
                                                      section))


def new_section(title, children):
    sec = nodes.section()
    sec += nodes.title(title, title)
    for c in children:
        sec += c
    return sec


def date():
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        try:
            epoch = subprocess.run(
                ["git", "-C", TOP, "log", "-1", "--format=%ct"],
                capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            epoch = ""
    if not epoch:
        epoch = str(int(os.path.getmtime(os.path.join(DOC, "dbexec.rst"))))
    return time.strftime("%Y-%m-%d", time.gmtime(int(epoch)))


def build(name, section, desc, parts, see_also, when):
    RESOLVER.page = "%s(%d)" % (name, section)
    head = "\n".join([
        "=" * len(name), name, "=" * len(name),
        "-" * len(desc), desc, "-" * len(desc), "",
        ":Manual section: %d" % section,
        ":Manual group: %s" % MANUAL,
        ":Version: %s" % VERSION,
        ":Date: %s" % when, "", ""])
    RESOLVER.current = name
    page = publish_doctree(head, settings_overrides=SETTINGS)
    # Titles first: a :doc: reference to a later part of the same page
    # must find it.
    trees = []
    for part in parts:
        tree = parse(part[0])
        RESOLVER.titles[part[0]] = title_of(tree)
        trees.append(tree)
    trees = [parse(part[0]) for part in parts]
    for part, tree in zip(parts, trees):
        doc, sect = part[0], part[1]
        heading = part[2] if len(part) > 2 else None
        if len(part) > 3:
            # Only a pointer to the page that holds the document.
            ref = PAGE_OF[doc]
            para = nodes.paragraph(text="%s: see %s." % (title_of(tree),
                                                         ref))
            page += new_section(part[3], [para])
            continue
        children = body(tree, sect)
        if len(part) > 2 and heading is None:
            heading = title_of(tree)
        if heading:
            page += new_section(heading, children)
        else:
            for c in children:
                page += c
    refs = ", ".join(see_also)
    page += new_section("See also", [nodes.paragraph(text=refs)])
    RESOLVER.titles = {}
    return publish_from_doctree(page, writer=manpage.Writer(),
                                settings_overrides=SETTINGS)


def longest_words(table, ncols):
    """Longest word of each column of a tbl table made of T{ T} cells."""
    widths = [0] * ncols
    for row in re.split(r"(?m)^_$", table):
        cells = re.split(r"T\}\tT\{", row)
        if len(cells) != ncols:
            continue
        for i, cell in enumerate(cells):
            text = re.sub(r"(?m)^\..*$|T[{}]", " ", cell)
            text = re.sub(r"\\f[BIPR]|\\&", "", text)
            text = re.sub(r"\\\(..|\\-", "x", text)
            widths[i] = max([widths[i]] + [len(w) for w in text.split()])
    return widths


def tidy(text):
    """Make the writer's output render without groff warnings.

    Tables: no vertical rules, the last column expanded (``lx``) and the
    others as wide as their longest word, so tbl does
    not squeeze long cells into equal narrow columns ("cannot adjust line",
    "can't break line").  The page is set ragged-right (``.ad l``): narrow
    cells cannot be justified.
    """
    def table(m):
        ncols = m.group(2).count("l")
        widths = longest_words(m.group(3), ncols)
        cols = ["lw(%dn)" % w for w in widths[:-1]] + ["lx"]
        return m.group(1) + " ".join(cols) + ".\n" + m.group(3) + ".TE"
    text = re.sub(r"(?ms)^(\.TS\ncenter;\n)(\|(?:l\|)+)\.\n(.*?)^\.TE$",
                  table, text)
    return re.sub(r"(?m)^(\.TH .*\n)", r"\1.ad l\n", text, count=1)


def main(argv):
    names = ["%s.%d" % (p[0], p[1]) for p in PAGES]
    if argv[1:] == ["--list"]:
        print("\n".join(names))
        return 0
    if len(argv) != 2:
        sys.stderr.write("usage: mkman.py OUTDIR | --list\n")
        return 2
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    when = date()
    for page, fname in zip(PAGES, names):
        data = build(*page, when)
        if isinstance(data, bytes):
            data = data.decode("utf-8")
        data = tidy(data).encode("utf-8")
        with open(os.path.join(out, fname), "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
