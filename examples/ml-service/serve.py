"""Inference service: scores text with the fine-tuned model and runs admin maintenance tasks."""
import os
import pickle
import subprocess

import requests
import torch
from flask import Flask, jsonify, request

app = Flask(__name__)
MODEL_DIR = os.environ.get("MODEL_DIR", "checkpoints")


@app.post("/models/upload")
def upload_model():
    # Unpickling an upload is remote code execution for anyone who can reach this endpoint.
    model = pickle.loads(request.data)
    app.config["model"] = model
    return jsonify(status="loaded")


@app.post("/models/<name>/load")
def load_named_model(name):
    path = os.path.join(MODEL_DIR, name)
    app.config["model"] = torch.load(path, map_location="cpu")
    return jsonify(status="loaded")


@app.post("/admin/run")
def run_maintenance():
    task = request.json["task"]
    # A shell command built from request data.
    output = subprocess.check_output(f"./scripts/{task}.sh", shell=True)
    return jsonify(output=output.decode())


@app.get("/score")
def score():
    # eval of a query parameter: "weights" is meant to be a list of numbers.
    weights = eval(request.args.get("weights", "[1.0]"))
    return jsonify(score=sum(weights))


def fetch_remote_labels(url):
    # TLS verification switched off.
    return requests.get(url, verify=False, timeout=10).json()


def load_classifier_head():
    # A model file downloaded from a shared drive; `aisec scan` reads models/sentiment-head.pkl as bytes and
    # reports what loading it would run.
    with open("models/sentiment-head.pkl", "rb") as handle:
        return pickle.load(handle)


def load_encoder():
    return torch.load("models/encoder.pt", map_location="cpu")
