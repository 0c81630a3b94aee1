"""The local page in the user's words: photo detail by name, llama.cpp under Advanced."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop_app.backends.local.config import LocalConfig
from desktop_app.backends.local.manager import ModelManager
from desktop_app.core.settings import Settings
from desktop_app.gui.settings.local_page import LocalPage
from tests.gui.settings.pages import services


def make_page(qtbot, ctx, config: LocalConfig) -> LocalPage:
    # An empty catalog: the list shows no downloadable model, and nothing is fetched.
    page = LocalPage(config, services(ctx, Settings(backend="local")), ModelManager(catalog=()))
    qtbot.addWidget(page)
    page.show()
    return page


def test_photo_detail_is_a_choice_in_words(qtbot, ctx) -> None:
    page = make_page(qtbot, ctx, LocalConfig())
    combo = page.pixel_level
    assert combo.currentText() == "Balanced, good on a CPU (576 vision tokens, 0.45 MP)"
    combo.setCurrentIndex(combo.findData("detailed"))
    assert page.value().pixel_level == "detailed"


def test_llama_cpp_knobs_are_under_advanced(qtbot, ctx) -> None:
    page = make_page(qtbot, ctx, LocalConfig(gpu_layers=None, threads=0))
    assert not page.threads.isVisible()
    page.advanced.set_expanded(True)
    assert page.threads.isVisible()
    assert page.gpu_layers.text() == "Automatic"
    assert page.threads.text() == "Automatic (physical cores)"
    assert page.value().gpu_layers is None  # automatic stays automatic
    page.gpu_layers.setValue(0)
    page.threads.setValue(4)
    page.flash_attn.setChecked(False)
    page.context.setValue(4096)
    config = page.value()
    assert (config.gpu_layers, config.threads, config.flash_attn) == (0, 4, False)
    assert config.context == 4096


def test_the_model_in_use_follows_the_list(qtbot, ctx) -> None:
    page = make_page(qtbot, ctx, LocalConfig(model="qwen2.5-vl-7b"))
    assert page.value().model == "qwen2.5-vl-7b"
    page.use_model("my-own")
    assert page.model.text() == "my-own"
    assert page.value().model == "my-own"


def test_the_vision_projector_type_is_a_choice_in_words(qtbot, ctx) -> None:
    page = make_page(qtbot, ctx, LocalConfig())
    combo = page.vision_projector
    assert [combo.itemData(i) for i in range(combo.count())] == ["auto", "q8_0", "f16"]
    assert combo.currentText() == "Automatic (Q8_0, or the one downloaded)"
    assert page.findChild(QWidget, "field_vision_projector") is None  # not twice
    combo.setCurrentIndex(combo.findData("f16"))
    assert page.value().vision_projector == "f16"
