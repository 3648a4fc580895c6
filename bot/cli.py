"""The ``intake`` command.

    intake run                  start and supervise Rasa, the action server and the bot app
    intake run --only ROLE      run one of them (web, rasa or actions) in the foreground
    intake chat [--json]        talk to the bot in the terminal (or as JSON lines)
    intake train [--force]      train the Rasa model when nlu_data/ changed (--only rasa|risk: one model)
    intake db upgrade           apply database migrations
    intake db seed --demo       add the demo practices
    intake practices --json     list the practices
    intake classify             JSON lines in, topic and crisis out

Logs go to stderr; stdout carries only what the command is for.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys

from bot.config import ConfigError, Settings, load_settings

log = logging.getLogger("intake")


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        print(f"intake: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


# -- db -------------------------------------------------------------------------------------


def cmd_db(args, settings: Settings) -> int:
    if args.db_command == "upgrade":
        from bot.store.migrate import upgrade

        upgrade(settings)
        log.info("database is at the latest migration")
        return 0
    if args.db_command == "seed":
        from bot.store.db import Store
        from bot.store.seed import seed_demo

        store = Store(settings)
        with store.session() as s:
            added = seed_demo(s)
        store.dispose()
        log.info("demo practices added: %s", ", ".join(added) if added else "none (already there)")
        return 0
    return 2


def cmd_practices(args, settings: Settings) -> int:
    from bot.store.db import Store
    from bot.store.repo import list_practices

    store = Store(settings)
    with store.session() as s:
        rows = [
            {"code": p.code, "name": p.name, "municipality": p.municipality, "worker_title": p.worker_title}
            for p in list_practices(s)
        ]
    store.dispose()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        for r in rows:
            print(f"{r['code']:<8} {r['name']} ({r['municipality']}) — {r['worker_title']}")
    return 0


def cmd_train(args, settings: Settings) -> int:
    from bot.training import train

    try:
        train(settings, force=args.force, only=args.only)
    except RuntimeError as exc:
        log.error("%s", exc)
        return 1
    return 0


# -- run ------------------------------------------------------------------------------------


def warn_without_practices(store) -> int:
    """Tell the operator now, not a parent mid-chat: without a practice nobody gets the handovers."""
    from sqlalchemy import func, select

    from bot.store.models import Practice

    with store.session() as s:
        count = s.execute(select(func.count(Practice.id))).scalar_one()
    if count == 0:
        log.warning("no practices in the database: conversations work, but no practice receives the "
                    "handovers and nobody can book. Add the demo practices with `intake db seed --demo`.")
    else:
        log.info("practices: %d", count)
    return count


def _prepare(settings: Settings) -> None:
    from bot.privacy.keys import verify
    from bot.store.db import Store
    from bot.store.migrate import upgrade
    from bot.training import train

    upgrade(settings)
    store = Store(settings)
    try:
        verify(store)  # a wrong key stops here, before any process starts
        warn_without_practices(store)
    finally:
        store.dispose()
    if not settings.rasa_url_explicit:
        train(settings)


async def _start_stack(settings: Settings, *, with_telegram: bool):
    from bot.supervisor import Supervisor, build_specs

    specs = build_specs(settings, with_rasa=not settings.rasa_url_explicit, with_telegram=with_telegram)
    supervisor = Supervisor(settings, specs)
    await supervisor.start()
    return supervisor


async def _run(settings: Settings) -> int:
    from bot.supervisor import StartupError

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if settings.rasa_url_explicit:
        log.info("using the Rasa server at %s (INTAKE_RASA_URL); not starting one", settings.rasa_url)
    try:
        supervisor = await _start_stack(settings, with_telegram=True)
    except StartupError as exc:
        log.error("%s", exc)
        return 1
    log.info("ready: talk to the bot with `.venv/bin/intake chat` (it uses INTAKE_RASA_URL=%s)", settings.rasa_url)
    log.info("ready: staff web at %s/staff/", settings.web_url)
    log.info("telegram: %s (%s)", settings.telegram_mode, settings.telegram_mode_reason)
    waiter = asyncio.create_task(supervisor.wait())
    stopper = asyncio.create_task(stop.wait())
    await asyncio.wait({waiter, stopper}, return_when=asyncio.FIRST_COMPLETED)
    log.info("stopping")
    await supervisor.stop()
    if supervisor.failure:
        log.error("%s", supervisor.failure)
        return 1
    return 0


def cmd_run(args, settings: Settings) -> int:
    if args.only:
        return _run_only(settings, args.only)
    _prepare(settings)
    return asyncio.run(_run(settings))


def _run_only(settings: Settings, role: str) -> int:
    """One role in the foreground, replacing this process (signals and output go straight to
    it): a container or service manager supervises it, and several of each can run. Nothing is
    migrated or trained here: run `intake db upgrade` once per release (and `intake train` when
    the image is built), so instances starting together do not race."""
    import os

    from bot.supervisor import StartupError, build_specs

    try:
        (spec,) = build_specs(settings, with_rasa=True, with_telegram=True, roles=(role,))
    except StartupError as exc:
        log.error("%s", exc)
        return 1
    if role == "web":
        log.info("bot app on %s:%s; telegram: %s (%s); shared state: %s; rasa: %s", settings.web_host,
                 settings.web_port, settings.telegram_mode, settings.telegram_mode_reason,
                 "redis" if settings.shared_state else "this process only", ", ".join(settings.rasa_urls))
    elif role == "rasa":
        log.info("rasa on %s:%s; actions at %s; nlg at %s; lock store: %s", settings.rasa_host,
                 settings.rasa_port, settings.action_url, settings.nlg_url,
                 "redis" if settings.redis_url else "in memory (one Rasa server only)")
    else:
        log.info("action server on %s:%s", settings.action_host, settings.action_port)
    os.chdir(spec.cwd or settings.project_root)
    os.execvpe(spec.argv[0], spec.argv, spec.env)
    return 1  # not reached


# -- chat -----------------------------------------------------------------------------------


def cmd_chat(args, settings: Settings) -> int:
    from bot.supervisor import StartupError

    if not settings.rasa_url_explicit:
        _prepare(settings)
    try:
        return asyncio.run(_chat(settings, json_mode=args.json))
    except StartupError as exc:
        log.error("%s", exc)
        return 1


async def _chat(settings: Settings, *, json_mode: bool) -> int:
    from bot.channels.terminal import TerminalChannel

    supervisor = None
    if not settings.rasa_url_explicit:
        log.info("starting Rasa, the action server and the bot app for this chat")
        supervisor = await _start_stack(settings, with_telegram=False)
    channel = TerminalChannel(settings)
    try:
        if json_mode:
            await channel.run_json(sys.stdin, sys.stdout)
        else:
            await channel.run_interactive(sys.stdin, sys.stdout)
    finally:
        await channel.aclose()
        if supervisor is not None:
            await supervisor.stop()
    return 0


# -- main -----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="intake", description="Jeugdintake: chatbot voor jeugd- en gezinsondersteuning")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="start and supervise the whole system")
    run.add_argument("--only", choices=("web", "rasa", "actions"),
                     help="run one process in the foreground (several machines or containers)")
    chat = sub.add_parser("chat", help="talk to the bot in the terminal")
    chat.add_argument("--json", action="store_true", help="JSON lines in, one JSON line out per input")
    train = sub.add_parser("train", help="train the Rasa model when nlu_data/ changed")
    train.add_argument("--force", action="store_true", help="train even when nothing changed")
    train.add_argument("--only", choices=("rasa", "risk"),
                       help="build only the Rasa model or only the safety screen's risk model")
    db = sub.add_parser("db", help="database commands")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply migrations")
    seed = db_sub.add_parser("seed", help="add demo data")
    seed.add_argument("--demo", action="store_true", required=True)
    practices = sub.add_parser("practices", help="list practices")
    practices.add_argument("--json", action="store_true")
    for module in _optional_modules():
        COMMANDS.update(module.register(sub))
    return parser


COMMANDS = {
    "run": cmd_run,
    "chat": cmd_chat,
    "train": cmd_train,
    "db": cmd_db,
    "practices": cmd_practices,
}


# Feature modules that add subcommands. Each has ``register(subparsers) -> {name: handler}``
# where a handler is ``handler(args, settings) -> int``. Importing them must stay cheap.
OPTIONAL_COMMAND_MODULES = [
    "bot.classify",        # intake classify
    "bot.qr",              # intake qr
    "bot.intake.cli",      # intake handovers
    "bot.booking.cli",     # intake appointments, intake availability
    "bot.staff.cli",       # intake staff, intake audit
    "bot.privacy.cli",     # intake keys, erase, export, retention
]


def _optional_modules():
    import importlib

    for name in OPTIONAL_COMMAND_MODULES:
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue  # feature not built yet
            raise


def main(argv: list[str] | None = None) -> int:
    from bot.logs import setup_logging
    from bot.privacy.files import restrict_umask, secure_data_dir
    from bot.store.crypto import KeyMismatchError, UnreadableError

    setup_logging("intake")
    # Whatever this process and its children create (database, logs, exports) is ours alone.
    restrict_umask()
    args = build_parser().parse_args(argv)
    settings = _settings()
    handler = COMMANDS.get(args.command)
    if handler is None:
        print(f"intake: '{args.command}' is not available in this build", file=sys.stderr)
        return 2
    if settings.data_dir.exists():
        secure_data_dir(settings.data_dir)
    try:
        return handler(args, settings) or 0
    except KeyboardInterrupt:
        return 130
    except (ConfigError, KeyMismatchError, UnreadableError) as exc:
        print(f"intake: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
