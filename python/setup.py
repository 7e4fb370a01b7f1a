"""Builds the pith Python package: the C library (by the project's Makefile,
position-independent, in ../build/pic) and the _pith extension over it.

    pip install --no-build-isolation ./python     (from the repository root)
"""
import glob
import os
import re
import subprocess

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LIB = os.path.join(ROOT, "build", "pic", "libpith.a")


def read(path, pattern):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        m = re.search(pattern, f.read(), re.M)
    if not m:
        raise RuntimeError("cannot find %r in %s" % (pattern, path))
    return m.group(1)


def link_libs():
    """The libraries libpith.a needs: the Makefile's pkg-config list (read,
    not copied, so the two never drift) plus CLD2 when C++ sources exist."""
    pkgs = read("Makefile", r"^PKGS\s*:=\s*(.*)$").split()
    flags = subprocess.run(["pkg-config", "--libs"] + pkgs, check=True, stdout=subprocess.PIPE,
                           text=True).stdout.split()
    libs = [f[2:] for f in flags if f.startswith("-l")]
    dirs = [f[2:] for f in flags if f.startswith("-L")]
    if glob.glob(os.path.join(ROOT, "src", "*", "*.cc")):
        libs += ["cld2", "stdc++"]
    return libs + ["m", "pthread"], dirs


class BuildPith(build_ext):
    def run(self):
        # the library with -fPIC, so that it can go into a shared object
        env = dict(os.environ, CFLAGS="-fPIC", CXXFLAGS="-fPIC")
        subprocess.check_call(["make", "--no-print-directory", "-j2", "BUILD=pic", "build/pic/libpith.a"],
                              cwd=ROOT, env=env)
        super().run()


libs, lib_dirs = link_libs()
setup(
    name="pith",
    version=read("include/pith.h", r'PITH_VERSION_STRING "([^"]+)"'),
    description="Clean, structured articles from web pages and WARC archives (binding of the pith C library)",
    packages=["pith"],
    ext_modules=[Extension(
        "pith._pith",
        sources=["pith/_pith.c"],
        include_dirs=[os.path.join(ROOT, "include")],
        extra_objects=[LIB],
        libraries=libs,
        library_dirs=lib_dirs,
        extra_compile_args=["-std=gnu17", "-Wall", "-Wextra", "-Werror"],
    )],
    cmdclass={"build_ext": BuildPith},
    python_requires=">=3.9",
)
