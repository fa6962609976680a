"""Export the site as plain Markdown that MkDocs with Material builds without this plugin.

The way out should MkDocs or Material stop being usable: the same pages, the
site's own docs, the stylesheet, the feed and data files, the theme overrides
(as ``theme.custom_dir``) and a ``mkdocs.yml`` with the briefs plugin taken out
and the navigation written down.

The plugin's options are validated with the plugin's own ``BriefsConfig``, the
way MkDocs validates them, and the site is made by the same ``build_site`` as
the plugin's.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from .build import build_site, output_problem, outside_site
from .load import Problem
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
    """A value under a tag the export does not read (``!ENV``, ``!!python/name:``), written back as it was."""

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


def read_site_config(config_file: Path) -> dict:
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a SafeLoader
    except (OSError, yaml.YAMLError) as exc:
        raise ExportError(f"{config_file}: cannot read the site configuration: {exc}") from None
    if not isinstance(config, dict):
        raise ExportError(f"{config_file}: the site configuration must be a mapping")
    return config


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
    """Write the exported site into ``out`` (which must not exist or be empty), unless the briefs have errors."""
    try:
        return _export(config_file, out)
    except OSError as exc:
        raise ExportError(f"{exc.filename or out}: {exc.strerror or exc}") from None


def _export(config_file: Path, out: Path) -> Exported:
    config = read_site_config(config_file)
    root = config_file.parent
    raw_options, other_plugins = plugin_options(config)
    briefs_config, option_warnings = validated_options(raw_options, config_file)
    options = options_from_config(
        briefs_config,
        directory_urls=config.get("use_directory_urls", True),
        site_url=config.get("site_url"),
        site_name=config.get("site_name"),
    )
    refused = output_problem(
        out, briefs=root / briefs_config.briefs_dir, docs=root / config.get("docs_dir", "docs"), project=root, built_site=False
    )
    if refused:
        raise ExportError(refused)
    build = build_site(root / briefs_config.briefs_dir, options, include_drafts=briefs_config.include_drafts)
    if build.errors:
        return Exported(build.problems, option_warnings)
    refused = outside_site(build)
    if refused:
        raise ExportError(refused)
    docs_in = root / config.get("docs_dir", "docs")
    docs_out = out / "docs"
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
    for path, source in build.stylesheets.items():
        (docs_out / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, docs_out / path)
    for path, content in build.data.items():
        target = docs_out / path
        if target.exists():
            raise ExportError(f"docs/{path} would be replaced by a generated file; rename or move it")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)

    config = dict(config)
    config["plugins"] = other_plugins
    config["docs_dir"] = "docs"
    config.pop("site_dir", None)
    config["extra_css"] = [*(config.get("extra_css") or []), *build.stylesheets]
    config["theme"] = _with_overrides(config.get("theme"), root, out, build.theme_overrides)
    if config.get("nav") is None and briefs_config.nav:
        config["nav"] = build.nav(user_pages)
    generated = sorted(generated_pages - _nav_paths(config.get("nav") or []))
    own = config.get("not_in_nav")
    config["not_in_nav"] = "\n".join([*([own.strip()] if isinstance(own, str) and own.strip() else []), *(f"/{path}" for path in generated)])
    (out / "mkdocs.yml").write_text(
        yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8"
    )
    return Exported(build.problems, option_warnings)


def _with_overrides(theme, root: Path, out: Path, overrides: Path) -> dict:
    """The theme with our overrides as its custom_dir, the site's own templates taking precedence (as with the plugin)."""
    theme = {"name": theme or "mkdocs"} if isinstance(theme, str) or theme is None else dict(theme)
    target = out / OVERRIDES_OUT
    if theme.get("custom_dir"):
        shutil.copytree(root / theme["custom_dir"], target)
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
