"""Idempotent demo data: one user per role, organisations, calls and cases in every phase."""

import time

from django.core.management.base import BaseCommand

from tasks_kh_cn.demo import PASSWORD, PEOPLE, seed


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (chạy lại nhiều lần không tạo trùng)."

    def handle(self, *args, **options):
        started = time.monotonic()
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
