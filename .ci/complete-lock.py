#!/usr/bin/env python3
# Usage: python3 .ci/complete-lock.py package-lock.json   (after npm install adds a native package)
# Adds lock entries for optional platform packages the local registry cannot serve (404), so that
# npm ci accepts the lock; each entry carries os/cpu/libc so npm skips it on other platforms.
import json, re, sys
path = sys.argv[1]
lock = json.load(open(path))
pkgs = lock['packages']
OS = ['darwin','win32','linux','android','freebsd','openbsd','netbsd','sunos','aix','openharmony']
CPU = ['arm64','x64','ia32','arm','ppc64','s390x','riscv64','loong64','mips64el','wasm32']
added = 0
for key, entry in list(pkgs.items()):
    for name, version in (entry.get('optionalDependencies') or {}).items():
        base = key + '/node_modules/' + name if key else 'node_modules/' + name
        top = 'node_modules/' + name
        if base in pkgs or top in pkgs:
            continue
        tokens = re.split(r'[-/]', name.split('/')[-1])
        os_ = [t for t in tokens if t in OS]
        cpu = [t for t in tokens if t in CPU] or (['arm'] if 'arm' in name else [])
        new = {'version': version.lstrip('^~='), 'optional': True}
        if 'wasm32' in tokens: new['cpu'] = ['wasm32']
        else:
            if os_: new['os'] = os_[:1]
            if cpu: new['cpu'] = cpu[:1]
        if os_ == ['linux']:
            new['libc'] = ['musl'] if 'musl' in tokens or 'musleabihf' in tokens else ['glibc']
        if not os_ and 'wasm32' not in tokens:
            print('skip (no platform in name):', name, file=sys.stderr); continue
        pkgs[top] = new; added += 1
        print('added', top, new, file=sys.stderr)
lock['packages'] = dict(sorted(pkgs.items(), key=lambda kv: (kv[0] != '', kv[0])))
json.dump(lock, open(path, 'w'), indent=2); open(path, 'a').write('\n')
print(added, 'entries added', file=sys.stderr)
