"""`matchmaker match run` and `matchmaker match train`."""

import sys
from contextlib import nullcontext

import click
from flask.cli import AppGroup
from sqlalchemy import or_, select

match_group = AppGroup("match", help="Propose pairings and train the scorer.")


@match_group.command("run")
@click.option(
    "--community",
    "communities",
    multiple=True,
    help="Only needs of this community (name or id); repeat for several.",
)
@click.option("--dry-run", is_flag=True, help="Compute and print; store nothing.")
def run_command(communities: tuple[str, ...], dry_run: bool):
    """Propose a volunteer for every open need (replacing proposals still waiting)."""
    from ..accounts.places import Community
    from ..extensions import db
    from . import services
    from .failures import failure_recorded
    from .models import RunOrigin

    scope = None
    if communities:
        scope = set()
        for wanted in communities:
            found = db.session.scalars(
                select(Community).where(
                    or_(
                        Community.name == wanted,
                        Community.id == (int(wanted) if wanted.isdigit() else -1),
                    )
                )
            ).all()
            if not found:
                raise click.BadParameter(
                    f"no community called {wanted!r}", param_hint="--community"
                )
            scope.update(c.id for c in found)

    stages = {}

    def progress(stage: str, done: int, total: int) -> None:
        bar = stages.get(stage)
        if bar is None:
            bar = stages[stage] = click.progressbar(
                length=max(total, 1), label=f"{stage:<10}", file=sys.stderr
            )
        bar.update(done - bar.pos)
        if done >= total:
            bar.render_finish()

    # A dry run stores nothing, not even its failure.
    guard = (
        nullcontext()
        if dry_run
        else failure_recorded(community_ids=scope, by=None, origin=RunOrigin.CLI)
    )
    try:
        with guard:
            run, proposals = services.run_matching(
                community_ids=scope,
                by=None,
                dry_run=dry_run,
                progress=progress,
                origin=RunOrigin.CLI,
            )
    except services.NothingToMatch as exc:
        raise click.ClickException(
            "no open needs in that scope"
            if exc.what == "needs"
            else "no approved volunteer has room for another pairing"
        ) from exc
    except services.RunInProgress as exc:
        raise click.ClickException(
            "another matching run is in progress; try again when it has finished"
        ) from exc
    if not dry_run:
        db.session.commit()
    click.echo(
        f"needs {run.needs_count}, volunteers {run.volunteers_count}, "
        f"proposed {run.proposals_count}, unmatched {run.unmatched_count}, "
        f"alternatives {len(proposals) - run.proposals_count}, "
        f"total score {run.total_score:.3f}, model {run.scorer_version}, "
        f"{run.seconds:.2f} s" + (" (dry run: nothing stored)" if dry_run else "")
    )


@match_group.command("train")
def train_command():
    """Train a scorer on confirm/reject decisions; promote it only if it does better."""
    from ..extensions import db
    from .training import NotEnoughDecisions, train_and_maybe_promote

    try:
        model, promoted = train_and_maybe_promote(by=None)
    except NotEnoughDecisions as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    metrics, baseline = model.metrics, model.metrics["baseline"]
    click.echo(
        f"model {model.version}: {model.n_samples} decisions; held-out AUC "
        f"{_figure(metrics['auc'])}, acceptance@1 {_figure(metrics['acceptance_at_1'])}; "
        f"in force before: {baseline['version']} (AUC {_figure(baseline['auc'])}, "
        f"acceptance@1 {_figure(baseline['acceptance_at_1'])}); "
        + ("promoted" if promoted else "not promoted: it does not beat the model in force")
    )


def _figure(value) -> str:
    """A metric, or "n/a" when the held-out rows could not measure it (all one class)."""
    return "n/a" if value is None else f"{value:.3f}"
