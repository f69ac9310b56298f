from tta_player.cli import main


def test_serve_says_plainly_that_the_service_is_not_built_yet(capsys) -> None:
    assert main(["serve", "--port", "9999"]) == 0
    assert "not built yet" in capsys.readouterr().out
