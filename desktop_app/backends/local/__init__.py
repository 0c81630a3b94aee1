"""The local backend: Qwen2.5-VL GGUF files run by llama-cpp-python on this machine.

Inference runs in a worker process (:mod:`.worker`): a crash in native code (a segfault,
an illegal instruction, the out-of-memory killer) fails one job with a clear reason and
leaves the app running, and cancelling kills the worker at once. ``llama_cpp`` is only
ever imported there (:mod:`.engine`), never by the app itself, so start-up stays fast and
a broken native build cannot take the window down.

The catalog (:mod:`.catalog`) and the model manager (:mod:`.manager`) download known
model pairs into the Hugging Face cache; any other GGUF pair can be used by path.
"""

from desktop_app.backends.local.config import BACKEND_ID, LocalConfig

__all__ = ["BACKEND_ID", "LocalConfig"]
