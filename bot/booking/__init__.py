"""Booking with the support worker (issue 7).

- :mod:`bot.booking.slots`: pure slot search (weekly hours, exceptions, public holidays, lead
  time, horizon, held-back urgent slots), no I/O, so it is fast to test and to benchmark;
- :mod:`bot.booking.service`: the database side: find, book, reschedule and cancel, with the
  unique index on ``(worker_id, start_utc)`` for booked appointments as the last word;
- :mod:`bot.booking.ics`: iCalendar files and the per-worker feed;
- reminders, waiting-time check-ins and staff changes reach the person exactly once through the
  chat outbox (:mod:`bot.outbox`);
- :mod:`bot.booking.cli`: ``intake appointments``, ``intake availability`` and ``intake outbox``.
"""
