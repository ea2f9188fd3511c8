"""`rempart train`: fit the linear text classifier from labelled CSV or JSON Lines and write its model file."""

from __future__ import annotations

from pathlib import Path

import typer

from rempart.cli.common import console, open_input, print_json
from rempart.core.clock import SystemClock
from rempart.detect.classifier.training import Columns, TrainingOptions, read_examples
from rempart.detect.classifier.training import train as train_model


def train(
    path: str = typer.Argument(..., help="Labelled examples: CSV with a header row, or JSON Lines (.jsonl)."),
    out: Path = typer.Option(..., "--out", "-o", help="Model file to write (.npz)."),
    text_column: str = typer.Option("text", help="Column (or JSON key) holding the text."),
    label_column: str = typer.Option("label", help="Column holding the label."),
    positive: list[str] = typer.Option(..., "--positive", help="Label value that counts as positive (repeatable)."),
    label_separator: str | None = typer.Option(None, help="Split multi-label values on this (e.g. '_')."),
    language_column: str | None = typer.Option(None, help="Column holding the language, for per-language metrics."),
    signal_label: str = typer.Option("hate", help="Label of the signals the model's detector emits."),
    jsonl: bool | None = typer.Option(None, "--jsonl/--csv", help="Input format; default: from the file name."),
    bits: int = typer.Option(18, min=8, max=24, help="Hash buckets: 2**bits weights."),
    regularisation: float = typer.Option(0.5, "--c", min=1e-6, help="Inverse regularisation strength."),
    seed: int = typer.Option(13, help="Seed of the train/validation/test split."),
    test_fraction: float = typer.Option(0.1, min=0.01, max=0.5, help="Held-out share for the reported metrics."),
    validation_fraction: float = typer.Option(0.1, min=0.01, max=0.5, help="Share used to choose the threshold."),
    model_version: str = typer.Option("1", help="Version recorded in the model file."),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Train a character n-gram logistic regression; metrics are measured on a held-out split."""
    columns = Columns(text_column, label_column, tuple(positive), language_column, label_separator)
    is_jsonl = jsonl if jsonl is not None else path.endswith((".jsonl", ".ndjson", ".json"))
    with open_input(path, "read examples") as stream:
        read = read_examples(stream.read(), columns, jsonl=is_jsonl)
    options = TrainingOptions(
        signal_label, bits, regularisation, seed, validation_fraction, test_fraction, model_version
    )
    try:
        model = train_model(read.examples, columns, options, data_sha256=read.sha256, now=SystemClock().now())
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="PATH") from error
    model.save(out)
    summary = {
        "read": len(read.examples) + len(read.rejected),
        "used": len(read.examples),
        "rejected": len(read.rejected),
        "rejections": [{"line": line, "reason": reason} for line, reason in read.rejected[:100]],
        "model": str(out),
        "threshold": model.header.threshold,
        "metrics": model.header.metrics["test"],
    }
    if json_output:
        print_json(summary)
        return
    console.print(f"read {summary['read']}, used {summary['used']}, rejected {summary['rejected']}; wrote {out}")
    for line, reason in read.rejected[:20]:
        console.print(f"  line {line}: {reason}")
    console.print(f"threshold {model.header.threshold} (maximum F1 on validation); held-out test split:")
    for group, figures in model.header.metrics["test"].items():
        console.print(
            f"  {group}: precision {figures['precision']}, recall {figures['recall']}, f1 {figures['f1']}, "
            f"roc_auc {figures['roc_auc']} ({figures['positives']} positives of {figures['examples']})"
        )
