"""The GitHub Actions workflows pass actionlint, and publishing waits for verification."""

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))


def actionlint() -> str:
    """The actionlint binary of the environment (from the test group's wheel)."""
    beside = Path(sys.executable).with_name("actionlint")
    found = str(beside) if beside.exists() else shutil.which("actionlint")
    assert found, "actionlint not found: run `uv sync` (the test group installs it)"
    return found


def test_workflows_pass_actionlint():
    assert WORKFLOWS, "no workflow in .github/workflows"
    run = subprocess.run([actionlint(), "-no-color", *map(str, WORKFLOWS)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    """The check is real: a job that needs a job that does not exist fails it."""
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    needs: [nope]\n"
                      "    steps:\n      - run: echo ${{ github.evnt_name }}\n")
    run = subprocess.run([actionlint(), "-no-color", str(broken)], capture_output=True, text=True,
                         cwd=tmp_path, timeout=120)
    assert run.returncode != 0 and "nope" in run.stdout


def test_deploy_needs_every_verification():
    """Pages are published only after the CPU suite, the GPU suite and the strict build."""
    for path in WORKFLOWS:
        jobs = yaml.safe_load(path.read_text())["jobs"]
        deploying = [name for name, job in jobs.items()
                     if any("deploy-pages" in str(step.get("uses", ""))
                            for step in job.get("steps", []))]
        for name in deploying:
            needs = set(jobs[name].get("needs", []))
            others = set(jobs) - {name}
            assert needs == others, (
                f"{path.name}: {name} needs {sorted(needs)}, not all of {sorted(others)}")
            gpu = [n for n in others if "gpu" in str(jobs[n].get("runs-on"))]
            assert gpu, f"{path.name}: no job runs on the self-hosted gpu runner"
            assert all("--device gpu" in str(jobs[n]["steps"]) for n in gpu)
            assert all("--no-cache" in str(jobs[n]["steps"]) or ".ci/run" in str(jobs[n]["steps"])
                       for n in others if "pytest" in str(jobs[n]["steps"])), (
                f"{path.name}: a job that publishes must run the suite with --no-cache")


def test_every_stack_is_a_job_of_the_matrix():
    """Each stack of stacks/ (the default one runs in verify-cpu) is verified by a job of
    its own, side by side, before anything is published."""
    from snipcheck.stack import stacks

    expected = sorted(n for n in stacks(ROOT) if n != "default")
    jobs = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text())["jobs"]
    matrix = jobs["verify-stacks"]["strategy"]["matrix"]["stack"]
    assert sorted(matrix) == expected, f"verify-stacks' matrix {matrix} is not {expected}"
    assert "--stack" in str(jobs["verify-stacks"]["steps"])
    assert "verify-stacks" in jobs["deploy"]["needs"]
