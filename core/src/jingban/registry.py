"""Finding and loading region plugins through the ``jingban.regions`` entry-point group.

Regions load lazily: ``assess --region X`` imports only X. Listing every region imports each in
its own try/except, so one broken plugin is reported by name and never breaks another command.
Two distributions claiming the same region id is an error, not a silent first-wins.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pluggy

from . import defaults, hookspecs
from .entrypoints import EntryPoint, entry_points
from .errors import PluginLoadError, RegionNotFound
from .logsetup import get_logger
from .messages import Message
from .parts import parts
from .tomlread import hand_on, suggest

GROUP = "jingban.regions"
log = get_logger("jingban.registry")


@attrs.frozen
class RegionSpec:
    """What a region plugin registers: its id, titles and rules file."""

    id: str
    title_zh: str
    title_en: str
    rules_file: Path = attrs.field(converter=Path)
    needs_agreement: bool = False  # the evidence must name an agreement file (Tianjin)


@attrs.frozen
class LoadedRegion:
    spec: RegionSpec
    distribution: str
    version: str
    hooks: tuple[str, ...]


@attrs.frozen
class RegionStatus:
    """One line of ``assess regions``: a loaded region, or a broken one with its error."""

    name: str
    distribution: str
    version: str
    loaded: LoadedRegion | None
    error: str | None


class RegionPackagingError(PluginLoadError):
    """A region's plugin is packaged wrong (its id is not its entry point's name, or two
    distributions claim the id); what is wrong reads in the operator's language. The cause is
    the exception type the survey of ``assess regions`` names, with the English text."""

    def __init__(self, region: str, message: Message, kind: type[Exception] = ValueError) -> None:
        self.message = message
        super().__init__(region, kind(message.render("en")))

    def line(self, lang: str = "en") -> str:
        from .masking import scrub

        return scrub(Message.of("error.plugin.load", region=self.region, cause=self.message).render(lang))


def new_plugin_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager("jingban")
    pm.add_hookspecs(hookspecs)
    pm.register(defaults, name="jingban.defaults")
    # historic: every plugin registered later is asked for its shapes, sections and aggregations too
    for hook, register in parts().registrars().items():
        getattr(pm.hook, hook).call_historic(kwargs={"register": register})
    return pm


class Registry:
    def __init__(self, group: str = GROUP) -> None:
        self.group = group
        self.pm = new_plugin_manager()
        self._loaded: dict[str, LoadedRegion] = {}
        self._eps: dict[str, list[EntryPoint]] | None = None

    def entry_points(self) -> dict[str, list[EntryPoint]]:
        if self._eps is None:
            found: dict[str, list[EntryPoint]] = {}
            seen: set[tuple[str, str]] = set()
            for ep in entry_points(self.group):
                dist = ep.dist.name if ep.dist else "?"
                if (ep.name, dist) in seen:  # the same distribution seen twice on sys.path
                    continue
                seen.add((ep.name, dist))
                found.setdefault(ep.name, []).append(ep)
            self._eps = found
        return self._eps

    def names(self) -> list[str]:
        return sorted(self.entry_points())

    def load(self, region_id: str) -> LoadedRegion:
        if region_id in self._loaded:
            return self._loaded[region_id]
        eps = self.entry_points().get(region_id)
        if not eps:
            known = self.names()
            raise RegionNotFound(None, f"--region {region_id}", Message.of(
                "error.region.not_installed", hint=suggest(region_id, known), installed=", ".join(known))
                if known else Message.of("error.region.none_installed"))
        if len(eps) > 1:
            dists = ", ".join(sorted(ep.dist.name if ep.dist else "?" for ep in eps))
            raise RegionPackagingError(region_id, Message.of("error.region.claimed_twice", dists=dists), RuntimeError)
        ep = eps[0]
        try:
            module = ep.load()
            spec = module.jingban_region()
            if not isinstance(spec, RegionSpec):
                raise TypeError("jingban_region() must return a RegionSpec")
            if spec.id != region_id:
                raise RegionPackagingError(region_id, Message.of("error.region.id_mismatch", claimed=spec.id,
                                                                 region=region_id))
            self.pm.register(module, name=f"region:{region_id}")
            self.pm.check_pending()
        except RegionPackagingError:
            raise
        except Exception as exc:  # any failure inside a third party's plugin is reported by name
            raise PluginLoadError(region_id, exc) from exc
        hooks = tuple(sorted(h.name for h in self.pm.get_hookcallers(module) or ()))
        loaded = LoadedRegion(spec=spec, distribution=ep.dist.name if ep.dist else "?",
                              version=ep.dist.version if ep.dist else "?", hooks=hooks)
        self._loaded[region_id] = loaded
        log.debug("region loaded", region=region_id, distribution=loaded.distribution)
        return loaded

    def survey(self) -> list[RegionStatus]:
        out = []
        for name, eps in sorted(self.entry_points().items()):
            dist = ", ".join(ep.dist.name if ep.dist else "?" for ep in eps)
            version = ", ".join(ep.dist.version if ep.dist else "?" for ep in eps)
            try:
                out.append(RegionStatus(name, dist, version, self.load(name), None))
            except PluginLoadError as exc:
                log.warning("region failed to load", region=name, error=str(exc.cause))
                from .masking import scrub

                out.append(RegionStatus(name, dist, version, None, scrub(f"{type(exc.cause).__name__}: {exc.cause}")))
        return out


def spec_from_rules(rules_file: Path | str, *, needs_agreement: bool = False) -> RegionSpec:
    """A RegionSpec whose id and titles are read from the rules file's [region] table."""
    import tomllib

    path = Path(rules_file)
    raw = path.read_bytes()
    data = tomllib.loads(raw.decode())  # as tomllib.load reads a file
    region = data["region"]
    hand_on(path, raw, data)  # load_rules reads this file next: it is parsed once
    return RegionSpec(id=region["id"], title_zh=region["title_zh"], title_en=region["title_en"],
                      rules_file=path, needs_agreement=needs_agreement)
