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
from .errors import InputError, PluginFault, PluginLoadError, RegionNotFound
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
    # other dated rule sets of the region (older or newer versions of its document), each with its
    # own [region] effective dates; the evidence's period picks one (jingban.versions)
    versions: tuple[Path, ...] = attrs.field(default=(), converter=lambda xs: tuple(Path(x) for x in xs))


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

    def call(self, hook: str, **kwargs):
        """Call a stage hook (hookspecs) as pluggy would, each implementation in pluggy's order
        (the last registered first, `trylast` ones last; `firstresult` hooks stop at the first
        answer that is not None), so that a fault in one is pinned on it: an exception a region
        plugin's implementation raises, or an answer of the wrong type, is a PluginFault naming
        the plugin, its distribution and the hook. Bad input a plugin reports (InputError) is
        passed on as it is; the core's own implementations' errors too (a bug of jingban's).
        Hook wrappers, which only pluggy can run, are left to pluggy."""
        caller = getattr(self.pm.hook, hook)
        impls = caller.get_hookimpls()
        first = bool(caller.spec and caller.spec.opts.get("firstresult"))
        if any(i.wrapper or i.hookwrapper for i in impls):
            return caller(**kwargs)
        results = []
        for impl in reversed(impls):
            try:
                res = impl.function(*[kwargs[a] for a in impl.argnames])
            except (InputError, PluginLoadError):
                raise
            except Exception as exc:
                if impl.plugin is defaults:
                    # the core's implementation asks the units (shapes, aggregations) plugins
                    # register: a fault in one of those is that plugin's too
                    owner = self._owner(exc)
                    if owner is None:
                        raise
                    raise self._fault(owner, hook, exc) from exc
                raise self._fault(impl, hook, exc) from exc
            if res is None:
                continue
            if impl.plugin is not defaults:
                self._check_answer(impl, hook, res)
            if first:
                return res
            results.append(res)
        return None if first else results

    def _owner(self, exc: BaseException):
        """The hook implementation standing for the loaded region plugin whose code the exception
        went through last (deepest in its traceback), or None when it went through none."""
        packages = {}
        for name, loaded in self._loaded.items():
            module = self.pm.get_plugin(f"region:{name}")
            if module is not None:
                packages[getattr(module, "__name__", "").partition(".")[0]] = module
        tb, found = exc.__traceback__, None
        while tb is not None:
            package = str(tb.tb_frame.f_globals.get("__name__", "")).partition(".")[0]
            if package in packages:
                found = packages[package]
            tb = tb.tb_next
        if found is None:
            return None
        impls = [i for c in self.pm.get_hookcallers(found) or () for i in c.get_hookimpls() if i.plugin is found]
        return impls[0] if impls else None

    def _fault(self, impl, hook: str, exc: BaseException, got: str | None = None,
               expected: object = None) -> PluginFault:
        name = impl.plugin_name.removeprefix("region:")
        loaded = self._loaded.get(name)
        dist, version = (loaded.distribution, loaded.version) if loaded else ("?", "?")
        if loaded is None:  # registered some other way: pluggy may know the distribution
            for plugin, info in self.pm.list_plugin_distinfo():
                if plugin is impl.plugin:
                    dist, version = info.project_name, info.version
        return PluginFault(name, dist, version, hook, exc, got, expected)

    def _check_answer(self, impl, hook: str, res) -> None:
        expected = _answers().get(hook)
        if expected is None:
            return
        types, title = expected
        ok = isinstance(res, types)
        if ok and hook == "jingban_collect_facts" and not isinstance(res, types[-1]):
            from .facts import Fact

            ok = all(isinstance(f, Fact) for f in res)
        if not ok:
            got = type(res).__name__
            raise self._fault(impl, hook, TypeError(f"{hook} returned {got}"), got=got, expected=title)

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


def _answers() -> dict[str, tuple[tuple[type, ...], object]]:
    """What each stage hook's implementation returns when it answers (hookspecs)."""
    from .facts import FactBatch
    from .messages import Text
    from .model import RuleSet
    from .parts import Totals
    from .result import ItemScore, Settlement

    return {
        "jingban_ruleset": ((RuleSet,), "RuleSet"),
        "jingban_collect_facts": ((list, tuple, FactBatch), Text("Fact 列表或 FactBatch", "a list of Fact or a FactBatch")),
        "jingban_score_item": ((ItemScore,), "ItemScore"),
        "jingban_weigh": ((Totals,), "Totals"),
        "jingban_settle": ((Settlement,), "Settlement"),
    }


def spec_from_rules(rules_file: Path | str, *, needs_agreement: bool = False,
                    versions: tuple[Path | str, ...] = ()) -> RegionSpec:
    """A RegionSpec whose id and titles are read from the rules file's [region] table; `versions`
    names the region's other dated rules files (docs/writing-a-region.md, "Dated rule versions")."""
    import tomllib

    path = Path(rules_file)
    raw = path.read_bytes()
    data = tomllib.loads(raw.decode())  # as tomllib.load reads a file
    region = data["region"]
    hand_on(path, raw, data)  # load_rules reads this file next: it is parsed once
    return RegionSpec(id=region["id"], title_zh=region["title_zh"], title_en=region["title_en"],
                      rules_file=path, needs_agreement=needs_agreement, versions=tuple(versions))
