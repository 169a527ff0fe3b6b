"""Idempotent demo data: one user per role, organisations, calls and cases in every phase."""

import os
import time

from django.core.management.base import BaseCommand

from notifications.services.fanout import in_app_only
from tasks_kh_cn.demo import PASSWORD, PEOPLE, seed


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (chạy lại nhiều lần không tạo trùng)."

    def add_arguments(self, parser):
        # `make run PORT=8123` passes DEMO_HOST and DEMO_PORT: the printed address is the served one.
        parser.add_argument("--host", default=os.environ.get("DEMO_HOST") or "127.0.0.1")
        parser.add_argument("--port", default=os.environ.get("DEMO_PORT") or "8000")

    def handle(self, *args, **options):
        started = time.monotonic()
        with in_app_only():  # the demo's people see their notices; no mail to made-up addresses
            lines = seed()
        for line in lines:
            self.stdout.write(line)
        if not lines:
            self.stdout.write("Dữ liệu mẫu đã có sẵn, không thay đổi gì.")
        self.stdout.write(self.style.SUCCESS(
            f"Xong trong {time.monotonic() - started:.1f} giây. Đăng nhập tại "
            f"http://{options['host']}:{options['port']}/accounts/login/ — mật khẩu chung: "
            f"{PASSWORD}"))
        for username, (role, full_name, _mobile, _position) in PEOPLE.items():
            self.stdout.write(f"  {username:<12} {role:<11} {full_name}")
