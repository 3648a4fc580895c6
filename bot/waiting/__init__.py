"""Between the first message and the first appointment.

- the waiting-time check-in (:mod:`bot.waiting.checkin` on the chat outbox (bot.outbox),
  :mod:`bot.waiting.checkin_dialogue` for the answers, :mod:`bot.waiting.timing` for when);
- the safety plan (:mod:`bot.waiting.plan`, :mod:`bot.waiting.plan_dialogue`);
- their place in the conversation (:mod:`bot.waiting.conversation`) and for staff
  (:mod:`bot.waiting.staff`).
"""
