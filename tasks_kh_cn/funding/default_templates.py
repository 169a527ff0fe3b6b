# ruff: noqa: E501  (template paragraphs are one line each: a line break would show in the document)
"""The templates shipped for the documents the department issues (an administrator edits
them in /admin/, adding a newer dated row). Model contract: TT 05/2014/TT-BKHCN; a
provincial task is contracted by the Sở KH&CN on behalf of the UBND tỉnh (NĐ 08/2014 art. 27,
REGULATIONS.md B3 — in practice, unverified)."""

HEADER = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
          "Số: {{ register_number }}\n\nThanh Hóa, ngày {{ issued_on }}\n\n")

CONTRACT = HEADER + """# HỢP ĐỒNG THỰC HIỆN NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ

Hợp đồng số {{ case.contract_number }} về việc thực hiện nhiệm vụ “{{ case.title }}” (mã {{ case.code }}).

Căn cứ Quyết định phê duyệt nhiệm vụ số {{ case.approval_decision }}; mẫu hợp đồng ban hành kèm theo Thông tư 05/2014/TT-BKHCN.

# Các bên

Bên đặt hàng (Bên A): Sở Khoa học và Công nghệ tỉnh Thanh Hóa, thay mặt Ủy ban nhân dân tỉnh Thanh Hóa; đại diện: {{ department_signatory }}.

Bên thực hiện (Bên B): {{ host.name }}, mã số thuế {{ host.tax_code }}{% if host.address %}, địa chỉ: {{ host.address }}{% endif %}; chủ nhiệm nhiệm vụ: {{ leader }}.

# Điều 1. Nội dung và sản phẩm

Bên B thực hiện nhiệm vụ theo thuyết minh đã được phê duyệt. Sản phẩm: {{ products }}

# Điều 2. Kinh phí và phương thức khoán chi

Tổng kinh phí: {{ total_budget }} đồng, gồm {{ state_budget }} đồng từ ngân sách nhà nước và {{ counterpart }} đồng vốn đối ứng của Bên B. Phương thức: {{ lump_sum_mode }}.

# Điều 3. Thời gian thực hiện

{{ duration_months }} tháng kể từ ngày hợp đồng có hiệu lực.

# Điều 4. Tiến độ cấp kinh phí

{{ payment_schedule }}

ĐẠI DIỆN BÊN A: {{ department_signatory }}          ĐẠI DIỆN BÊN B: {{ leader }}
"""

APPROVAL = HEADER + """# QUYẾT ĐỊNH PHÊ DUYỆT NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ

Quyết định số {{ case.approval_decision }} phê duyệt nhiệm vụ “{{ case.title }}” (mã {{ case.code }}).

Tổ chức chủ trì: {{ host.name }}. Chủ nhiệm nhiệm vụ: {{ leader }}.

Kinh phí từ ngân sách nhà nước: {{ state_budget }} đồng; vốn đối ứng: {{ counterpart }} đồng. Phương thức: {{ lump_sum_mode }}. Thời gian thực hiện: {{ duration_months }} tháng.

Người ký: {{ signatory }}
"""

RECOGNITION = HEADER + """# QUYẾT ĐỊNH CÔNG NHẬN KẾT QUẢ THỰC HIỆN NHIỆM VỤ

Quyết định số {{ case.recognition_decision }} công nhận kết quả nhiệm vụ “{{ case.title }}” (mã {{ case.code }}), hợp đồng số {{ case.contract_number }}.

Tổ chức chủ trì: {{ host.name }}. Chủ nhiệm nhiệm vụ: {{ leader }}. Kết quả đánh giá: {{ rating }}.

Người ký: {{ signatory }}
"""

LIQUIDATION = HEADER + """# BIÊN BẢN THANH LÝ HỢP ĐỒNG

Thanh lý hợp đồng số {{ case.contract_number }} về nhiệm vụ “{{ case.title }}” (mã {{ case.code }}) giữa Sở Khoa học và Công nghệ tỉnh Thanh Hóa và {{ host.name }} (chủ nhiệm: {{ leader }}).

Kinh phí ngân sách được duyệt: {{ state_budget }} đồng; đã cấp: {{ advanced }} đồng; đã quyết toán: {{ settled }} đồng.

ĐẠI DIỆN BÊN A: {{ signatory }}          ĐẠI DIỆN BÊN B: {{ leader }}
"""

REFUND = HEADER + """# QUYẾT ĐỊNH THU HỒI KINH PHÍ

Thu hồi kinh phí ngân sách nhà nước đã cấp cho nhiệm vụ “{{ case.title }}” (mã {{ case.code }}), tổ chức chủ trì {{ host.name }}, chủ nhiệm {{ leader }}.

Số tiền phải nộp lại: {{ refund_amount }} đồng; hạn nộp: {{ refund_due }}.

Người ký: {{ signatory }}
"""

AMENDMENT = HEADER + """# PHỤ LỤC ĐIỀU CHỈNH HỢP ĐỒNG

Điều chỉnh hợp đồng số {{ case.contract_number }} về nhiệm vụ “{{ case.title }}” (mã {{ case.code }}) giữa Sở Khoa học và Công nghệ tỉnh Thanh Hóa và {{ host.name }}.

Nội dung điều chỉnh: {{ amendment }}

ĐẠI DIỆN BÊN A: {{ signatory }}          ĐẠI DIỆN BÊN B: {{ leader }}
"""

# kind: (title, register suffix, body)
TEMPLATES = {
    "approval_decision": ("Quyết định phê duyệt nhiệm vụ", "QĐ-SKHCN", APPROVAL),
    "contract": ("Hợp đồng thực hiện nhiệm vụ", "HĐ-SKHCN", CONTRACT),
    "amendment": ("Phụ lục điều chỉnh hợp đồng", "PLHĐ-SKHCN", AMENDMENT),
    "recognition_decision": ("Quyết định công nhận kết quả", "QĐ-SKHCN", RECOGNITION),
    "liquidation_minutes": ("Biên bản thanh lý hợp đồng", "BBTL-SKHCN", LIQUIDATION),
    "refund_decision": ("Quyết định thu hồi kinh phí", "QĐTH-SKHCN", REFUND),
}
