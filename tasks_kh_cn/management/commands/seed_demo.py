"""Idempotent demo data: one user per role, organisations, calls and cases in every phase."""

import time

from django.core.management.base import BaseCommand

from notifications.services.fanout import in_app_only
from tasks_kh_cn.demo import PASSWORD, PEOPLE, seed


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (chạy lại nhiều lần không tạo trùng)."

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
            f"http://127.0.0.1:8000/accounts/login/ — mật khẩu chung: {PASSWORD}"))
        for username, (role, full_name, _mobile, _position) in PEOPLE.items():
            self.stdout.write(f"  {username:<12} {role:<11} {full_name}")
