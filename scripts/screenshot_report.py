"""Screenshot one article of the HTML report in headless Chromium (for docs/).

    python scripts/screenshot_report.py outputs/report/articles-0001.html seed_ocp docs/report_seed.png
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.browser import chromium_driver  # noqa: E402


def main(report: str, article_id: str, target: str) -> None:
    driver = chromium_driver()
    try:
        driver.set_window_size(1280, 2400)
        driver.get(Path(report).resolve().as_uri())
        section = driver.find_element("css selector", f'section[data-article="{article_id}"]')
        driver.execute_script("arguments[0].scrollIntoView();", section)
        time.sleep(0.5)
        section.screenshot(target)
    finally:
        driver.quit()


if __name__ == "__main__":
    main(*sys.argv[1:4])
