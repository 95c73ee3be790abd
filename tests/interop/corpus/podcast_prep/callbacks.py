import json
import urllib.request


def post_json(url):
    def post(payload):
        body = json.dumps(str(payload)).encode("utf-8")
        urllib.request.urlopen(
            urllib.request.Request(url, data=body, method="POST"), timeout=10
        )

    return post


running_order_done = post_json("https://hooks.example.com/podcast/running-order")
producer_step = post_json("https://hooks.example.com/podcast/steps")
