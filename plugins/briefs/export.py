"""Export the site as plain Markdown that MkDocs with Material builds without this plugin.

The way out should MkDocs or Material stop being usable: the same pages, the
site's own docs, the stylesheet and script, the feed and data files, the theme overrides
(as ``theme.custom_dir``) and a ``mkdocs.yml`` with the briefs plugin taken out
and the navigation written down (and, for a site searched with Pagefind, which
the plugin indexes, Material's search plugin in its place).

The plugin's options are validated with the plugin's own ``BriefsConfig``, the
way MkDocs validates them, and the site is made by the same ``build_site`` as
the plugin's. ``mkdocs.yml`` is read as MkDocs reads it (``!ENV``, ``!relative``,
``!!python/name:``, ``INHERIT``) and written back with its tags. The export is
written beside its folder and moved there when complete, so a failure leaves
nothing behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import yaml
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from .build import SiteBuild, build_site, output_problem, outside_site
from .load import Problem
from .outputs.common import Streamed
from .pages import options_from_config
from .plugin import BriefsConfig

OVERRIDES_OUT = "overrides"  # the exported site's theme custom_dir


class ExportError(Exception):
    pass


@dataclass
class Exported:
    """What an export found: the briefs' problems (with an error, nothing is written) and warnings about the options."""

    problems: list[Problem]
    option_warnings: list[str]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]


@dataclass(frozen=True)
class _Tagged:
    """A value under a tag (``!ENV``, ``!relative``, ``!!python/name:``), written back as it was."""

    tag: str
    value: object


class _Loader(yaml.SafeLoader):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.ScalarNode):
        return _Tagged(node.tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(node.tag, loader.construct_sequence(node, deep=True))
    assert isinstance(node, yaml.MappingNode)
    return _Tagged(node.tag, loader.construct_mapping(node, deep=True))


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


@dataclass
class SiteConfig:
    """``mkdocs.yml`` as written (tags kept: what the exported one is made of) and as MkDocs reads it
    (``!ENV`` and ``!relative`` resolved by MkDocs's own constructors, ``INHERIT`` merged)."""

    written: dict
    values: dict


def read_site_config(config_file: Path) -> SiteConfig:
    # what `!relative $config_dir` and `$docs_dir` read; `!relative` alone is for Markdown extensions only
    read_by = SimpleNamespace(config_file_path=str(config_file), docs_dir=str(config_file.parent / "docs"), _current_page=None)
    values_loader = get_yaml_loader(yaml.SafeLoader, config=read_by)  # type: ignore[arg-type]
    values_loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)  # names of code: not read here
    read = []
    for loader in (_Loader, values_loader):
        try:
            with open(config_file, "rb") as file:
                config = yaml_load(file, loader)  # type: ignore[arg-type]  # any loader class will do
        except (OSError, ConfigurationError) as exc:
            raise ExportError(f"{config_file}: cannot read the site configuration: {exc}") from None
        if not isinstance(config, dict):
            raise ExportError(f"{config_file}: the site configuration must be a mapping")
        read.append(config)
    read_by.docs_dir = str(config_file.parent / _path(read[1].get("docs_dir", "docs"), "docs_dir"))
    return SiteConfig(*read)


def _path(value: object, key: str) -> str:
    """A path setting as MkDocs reads it: text, or a ``!relative`` placeholder."""
    if isinstance(value, str | os.PathLike):
        return os.fspath(value)
    raise ExportError(f"Config value '{key}': expected a path, but received: {value!r}")


def _site_settings(values: dict, config_file: Path) -> dict:
    """The settings the pages depend on, validated by MkDocs's own options for them."""
    schema = dict(MkDocsConfig._schema)
    settings = {}
    for key in ("site_name", "site_url", "use_directory_urls"):
        try:
            settings[key] = schema[key].validate(values.get(key))
        except ValidationError as exc:
            raise ExportError(f"{config_file}: Config value '{key}': {exc}") from None
    return settings


def plugin_options(config: dict) -> tuple[object, list]:
    """The briefs plugin's options as written (not yet validated) and the plugin list without it."""
    found: object = {}
    others = []
    for entry in config.get("plugins") or []:
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name == "briefs":
            found = entry.get("briefs") if isinstance(entry, dict) else {}
        else:
            others.append(entry)
    return found, others


def validated_options(options: object, config_file: Path) -> tuple[BriefsConfig, list[str]]:
    """The plugin's options validated by the plugin's ``BriefsConfig``, as MkDocs validates them
    (``config_options.Plugins``), and the warnings; a bad option raises ``ExportError`` with the
    message MkDocs gives for it."""
    where = f"{config_file}: Config value 'plugins': "
    options = {} if options is None else options  # as MkDocs: a plugin with no options written
    if not isinstance(options, dict):
        raise ExportError(f"{where}Invalid config options for the 'briefs' plugin.")
    options = dict(options)
    enabled = options.pop("enabled", True)  # MkDocs's own option for every plugin
    if not isinstance(enabled, bool):
        raise ExportError(f"{where}Plugin 'briefs' option 'enabled': Expected boolean but received: {type(enabled)}")
    config = BriefsConfig(config_file_path=str(config_file))
    config.load_dict(options)
    errors, warnings = config.validate()
    if errors:
        raise ExportError("\n".join(f"{where}Plugin 'briefs' option '{key}': {message}" for key, message in errors))
    return config, [f"{where}Plugin 'briefs' option '{key}': {message}" for key, message in warnings]


def export(config_file: Path, out: Path) -> Exported:
    """Write the exported site into ``out`` (which must not exist or be empty), unless the briefs have errors.

    The site is written into a folder beside ``out`` and moved there when it is complete:
    whatever fails, nothing is left behind.
    """
    created = _first_missing(out.parent)
    stage: Path | None = None
    try:
        config_file = Path(config_file)
        site = read_site_config(config_file)
        root = config_file.parent
        raw_options, _ = plugin_options(site.values)
        briefs_config, option_warnings = validated_options(raw_options, config_file)
        settings = _site_settings(site.values, config_file)
        options = options_from_config(briefs_config, directory_urls=settings["use_directory_urls"], site_url=settings["site_url"], site_name=settings["site_name"])
        docs_in = root / _path(site.values.get("docs_dir", "docs"), "docs_dir")
        refused = output_problem(out, briefs=Path(briefs_config.briefs_dir), docs=docs_in, project=root, built_site=False)
        if refused:
            raise ExportError(refused)
        build = build_site(Path(briefs_config.briefs_dir), options, include_drafts=briefs_config.include_drafts)
        if build.errors:
            return Exported(build.problems, option_warnings)
        refused = outside_site(build)
        if refused:
            raise ExportError(refused)
        out.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        stage.chmod(0o777 & ~_umask())  # as a folder made by mkdir, not mkdtemp's private one
        _write(site, briefs_config, build, docs_in, stage, root, out)
        if out.exists():
            out.rmdir()  # empty: output_problem refuses any other
        stage.rename(out)
        stage = created = None
        return Exported(build.problems, option_warnings)
    except OSError as exc:
        raise ExportError(f"{exc.filename or out}: {exc.strerror or exc}") from None
    finally:
        for left in (stage, created):
            if left is not None:
                shutil.rmtree(left, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _first_missing(folder: Path) -> Path | None:
    """The outermost of ``folder`` and its parents that does not exist: what an export creates, and removes if it fails."""
    missing = None
    for path in (folder, *folder.parents):
        if path.exists():
            break
        missing = path
    return missing


def _write(site: SiteConfig, briefs_config: BriefsConfig, build: SiteBuild, docs_in: Path, into: Path, root: Path, out: Path) -> None:
    """The exported site written ``into`` a folder that becomes ``out``."""
    docs_out = into / "docs"
    shutil.copytree(docs_in, docs_out)
    user_pages = sorted(p.relative_to(docs_out).as_posix() for p in docs_out.rglob("*.md"))
    for page_file in docs_out.rglob("*.md"):
        text = page_file.read_text(encoding="utf-8")
        if build.has_markers(text):
            page_file.write_text(build.with_markers(text, page_file.relative_to(docs_out).as_posix()), encoding="utf-8")
    generated_pages = {page.path for page in build.pages}
    for page in build.pages:
        target = docs_out / page.path
        if target.exists():
            raise ExportError(f"docs/{page.path} would be replaced by a generated page; rename or move it")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown(), encoding="utf-8")
    for path, source in (*build.stylesheets.items(), *build.scripts.items()):
        (docs_out / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, docs_out / path)
    for path, content in build.data.items():
        target = docs_out / path
        if target.exists():
            raise ExportError(f"docs/{path} would be replaced by a generated file; rename or move it")
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as written:
            written.writelines(content.chunks() if isinstance(content, Streamed) else [content])

    values = site.values
    config = dict(site.written)
    config["plugins"] = plugin_options(config if isinstance(config.get("plugins"), list) else values)[1]  # as written, unless under a tag
    if briefs_config.pagefind:  # the Pagefind index is made by the plugin, which the exported site has not: Material's search instead
        config["plugins"].insert(0, "search")
    config["docs_dir"] = "docs"
    config.pop("site_dir", None)
    for key, ours in (("extra_css", build.stylesheets), ("extra_javascript", build.scripts)):
        own = config.get(key) if isinstance(config.get(key), list) else values.get(key)
        config[key] = [*(own or []), *ours]
    config["theme"] = _with_overrides(config.get("theme"), values.get("theme"), root, into, build.theme_overrides)
    nav = values.get("nav")
    if nav is None and briefs_config.nav:
        nav = config["nav"] = build.nav(user_pages)
    generated = sorted(generated_pages - _nav_paths(nav or []))
    own = values.get("not_in_nav")
    config["not_in_nav"] = "\n".join([*([own.strip()] if isinstance(own, str) and own.strip() else []), *(f"/{path}" for path in generated)])
    (into / "mkdocs.yml").write_text(
        yaml.dump(_moved(config, root, out), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8"
    )


def _moved(value: object, root: Path, out: Path) -> object:
    """A value of ``mkdocs.yml`` as the exported one must have it: ``!relative $config_dir/...`` still
    pointing where it did (the docs are copied, so ``$docs_dir`` and ``!relative`` alone stay as they are)."""
    if isinstance(value, _Tagged) and value.tag == "!relative" and isinstance(value.value, str) and value.value.startswith("$config_dir"):
        suffix = value.value.partition("/")[2]
        return _Tagged(value.tag, f"$config_dir/{os.path.relpath(root.resolve() / suffix, out.resolve())}")
    if isinstance(value, dict):
        return {key: _moved(item, root, out) for key, item in value.items()}
    if isinstance(value, list):
        return [_moved(item, root, out) for item in value]
    return value


def _with_overrides(written: object, value: object, root: Path, into: Path, overrides: Path) -> dict:
    """The theme with our overrides as its custom_dir, the site's own templates taking precedence (as with the plugin)."""
    value = {"name": value or "mkdocs"} if isinstance(value, str) or value is None else value
    if not isinstance(value, dict):
        raise ExportError(f"theme: expected a theme name or a mapping, but received: {value!r}")
    theme = dict(written) if isinstance(written, dict) else dict(value)
    target = into / OVERRIDES_OUT
    if value.get("custom_dir"):
        shutil.copytree(root / _path(value["custom_dir"], "theme.custom_dir"), target)
    shutil.copytree(overrides, target, dirs_exist_ok=True, copy_function=_copy_if_missing)
    theme["custom_dir"] = OVERRIDES_OUT
    return theme


def _copy_if_missing(src: str, dst: str) -> None:
    if not Path(dst).exists():
        shutil.copyfile(src, dst)


class _Dumper(yaml.SafeDumper):
    """Writes text of several lines as a literal block."""


_Dumper.add_representer(_Tagged, lambda dumper, tagged: (
    dumper.represent_sequence(tagged.tag, tagged.value) if isinstance(tagged.value, list)
    else dumper.represent_mapping(tagged.tag, tagged.value) if isinstance(tagged.value, dict)
    else dumper.represent_scalar(tagged.tag, tagged.value)
))
_Dumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None),
)


def _nav_paths(nav) -> set[str]:
    paths: set[str] = set()
    for item in nav if isinstance(nav, list) else [nav]:
        if isinstance(item, str):
            paths.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                paths |= _nav_paths(value)
    return paths
