"""Invokes N functions at the same moment from one process and prints each call's status and seconds.

    python3 burst_client.py PORT KEY NAME...

One thread per call, each with its own connection opened beforehand; a barrier releases all requests together,
so the burst is not spread over the time it takes to spawn N client processes. The last line is the seconds
from the release until the last answer.
"""
import http.client
import sys
import threading
import time

port, key, names = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
barrier = threading.Barrier(len(names) + 1)
results = [None] * len(names)


def call(index, name):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
    connection.connect()
    barrier.wait()
    started = time.perf_counter()
    try:
        connection.request("GET", "/invoke/" + name, headers={"Authorization": "Bearer " + key})
        response = connection.getresponse()
        response.read()
        results[index] = (response.status, time.perf_counter() - started)
    except Exception as error:  # reported as a failed call, never dropped
        results[index] = (0, time.perf_counter() - started)
        print("call %s failed: %s" % (name, error), file=sys.stderr)
    finally:
        connection.close()


threads = [threading.Thread(target=call, args=(i, n)) for i, n in enumerate(names)]
for thread in threads:
    thread.start()
barrier.wait()
released = time.perf_counter()
for thread in threads:
    thread.join()
last = time.perf_counter() - released
for status, seconds in results:
    print("%d %.6f" % (status, seconds))
print("last %.6f" % last)
