"""Fine-tunes a sentiment classifier on cached features and publishes the checkpoint.

This project is deliberately vulnerable: it is the sample that `aisec scan examples` runs on.
Every risky line is something real ML code does; the comments say what AISec should report.
"""
import pickle

import joblib
import numpy as np
import torch
import yaml
from transformers import AutoModelForSequenceClassification, AutoTokenizer

BASE_MODEL = "acme-research/sentiment-base"


def load_config(path):
    with open(path) as f:
        # yaml.load without a safe Loader builds arbitrary Python objects.
        return yaml.load(f)


def load_features(cache_path):
    with open(cache_path, "rb") as f:
        # A shared feature cache is a pickle: whoever can write it runs code here.
        return pickle.load(f)


def load_embeddings(path):
    # allow_pickle=True turns a .npy file into a pickle.
    return np.load(path, allow_pickle=True)


def resume(checkpoint_path):
    # torch.load without weights_only=True unpickles the checkpoint.
    return torch.load(checkpoint_path)


def base_model():
    # Remote code from the hub, at whatever revision the hub serves today.
    tokenizer = AutoTokenizer.from_pretrained(BASE_MODEL, trust_remote_code=True)
    model = AutoModelForSequenceClassification.from_pretrained(BASE_MODEL, trust_remote_code=True)
    return tokenizer, model


def main():
    config = load_config("configs/train.yaml")
    features = load_features(config["feature_cache"])
    embeddings = load_embeddings(config["embeddings"])
    tokenizer, model = base_model()
    if config.get("resume_from"):
        model.load_state_dict(resume(config["resume_from"]))
    scaler = joblib.load(config["scaler"])
    print(len(features), embeddings.shape, scaler, tokenizer.name_or_path)
    torch.save(model.state_dict(), "checkpoints/latest.pt")


if __name__ == "__main__":
    main()
