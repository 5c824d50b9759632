from django.dispatch import Signal

# Sent inside the anonymisation transaction with `casus` and `inburgeraar`; apps that hold
# personal data of a case (intake notes, PIP texts, ...) connect a receiver that scrubs it.
casus_anonimiseren = Signal()
