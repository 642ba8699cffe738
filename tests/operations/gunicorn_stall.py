"""gunicorn configuration for the fault test only: the worker stalls inside a registration.

After the Registration row is written and before its days are, the worker writes its pid to
STALL_FILE and sleeps, so the test can kill it in the middle of the transaction.
"""

import os
import time


def post_worker_init(worker):
    from meetings.models import RegistrationDay

    original_save = RegistrationDay.save

    def stalling_save(self, *args, **kwargs):
        with open(os.environ["STALL_FILE"], "w") as handle:
            handle.write(str(os.getpid()))
        time.sleep(120)
        return original_save(self, *args, **kwargs)

    RegistrationDay.save = stalling_save
