#!/usr/bin/env python3
"""Puts every zh-CN string where it is used: a key used by one module's code only goes to
Modules/<Module>/Strings.zh-CN.resx, anything else stays in Resources/SharedResource.zh-CN.resx.
Idempotent: it reads all the files, takes their union and writes them anew. Run it after adding strings."""
import html, os, re, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "Gongzhi")
shared_path = os.path.join(root, "Resources", "SharedResource.zh-CN.resx")
modules_dir = os.path.join(root, "Modules")
entry_re = re.compile(r'^  <data name="([^"]*)" xml:space="preserve"><value>(.*?)</value></data>\n', re.M | re.S)
uses_re = re.compile(r'\b[Ll]\["((?:[^"\\]|\\.)*)"[,\]]|Display\(Name = "([^"]+)"\)|new\("([^"]+)", "/[^"]*", [\w.]+, \d+(?:, "([^"]+)")?\)')

def read(path):
    if not os.path.exists(path):
        return {}
    text = open(path, encoding="utf-8").read()
    return {html.unescape(k): v for k, v in entry_re.findall(text)}

def header():
    text = open(shared_path, encoding="utf-8").read()
    return text[: text.index("  <data ")] if "  <data " in text else text[: text.index("</root>")]

def write(path, entries, head):
    body = "".join(f'  <data name="{html.escape(k, quote=True)}" xml:space="preserve"><value>{v}</value></data>\n'
                   for k, v in sorted(entries.items(), key=lambda kv: kv[0]))
    open(path, "w", encoding="utf-8").write(head + body + "</root>\n")

modules = sorted(d for d in os.listdir(modules_dir) if os.path.isdir(os.path.join(modules_dir, d)))
head = header()
entries = read(shared_path)
for m in modules:
    entries.update(read(os.path.join(modules_dir, m, "Strings.zh-CN.resx")))

users = {}
for dirpath, _, files in os.walk(root):
    if os.sep + "obj" in dirpath or os.sep + "bin" in dirpath:
        continue
    rel = os.path.relpath(dirpath, root).split(os.sep)
    owner = rel[1] if rel[0] == "Modules" and len(rel) > 1 else "shared"
    for f in files:
        if not f.endswith((".cs", ".razor")):
            continue
        for match in uses_re.finditer(open(os.path.join(dirpath, f), encoding="utf-8").read()):
            for key in (g for g in match.groups() if g):
                users.setdefault(key.replace('\\"', '"'), set()).add(owner)

placed = {m: {} for m in modules}
shared = {}
for key, value in entries.items():
    owners = users.get(key, {"shared"})
    if len(owners) == 1 and next(iter(owners)) in placed:
        placed[next(iter(owners))][key] = value
    else:
        shared[key] = value
write(shared_path, shared, head)
for m, items in placed.items():
    path = os.path.join(modules_dir, m, "Strings.zh-CN.resx")
    if items:
        write(path, items, head)
    elif os.path.exists(path):
        os.remove(path)
print(f"shared {len(shared)}; " + ", ".join(f"{m} {len(i)}" for m, i in placed.items()))
