"""A ballot criterion's name in both languages.

A criterion is rule data (``Criterion``, edited in the admin) and a council freezes its
criteria when it is formed (``Council.criteria``), so English pages cannot translate the
names with gettext: each row and each frozen criterion keeps ``label`` (Vietnamese, what the
minutes and the law cite) and ``label_en``, and pages and forms read ``criterion_label`` in
the active language. A criterion without an English name (a new row, a product the officer
names for an acceptance council) shows its Vietnamese one.
"""

from tasks_kh_cn.bilingual import shown

# The rule sets' criteria in English, by their Vietnamese name (the same name may be scored
# by several council types). The migration that added ``label_en`` wrote these.
LABELS_EN = {
    "Báo cáo tổng hợp kết quả nhiệm vụ": "Summary report of the task's results",
    "Kinh phí đề nghị phê duyệt (VNĐ)": "Budget proposed for approval (VND)",
    "Tổng quan tình hình nghiên cứu, luận giải sự cần thiết":
        "State of research and the case for the task",
    "Nội dung và phương pháp nghiên cứu": "Research content and methods",
    "Sản phẩm của nhiệm vụ": "The task's products",
    "Khả năng ứng dụng kết quả": "Applicability of the results",
    "Tính khả thi của kế hoạch và kinh phí": "Feasibility of the plan and the budget",
    "Năng lực của tổ chức chủ trì và chủ nhiệm nhiệm vụ":
        "Capacity of the host organisation and the task leader",
    "Sự phù hợp của nội dung đề nghị với danh mục hỗ trợ":
        "Fit of the proposal with the supported content",
    "Năng lực, cam kết áp dụng và duy trì của doanh nghiệp":
        "The enterprise's capacity and commitment to apply and maintain it",
    "Tính hợp lý của dự toán, báo giá và phần đối ứng":
        "Soundness of the estimate, the quotations and the matching funds",
    "Hiệu quả dự kiến về năng suất, chất lượng": "Expected effect on productivity and quality",
    "Tính cấp thiết của nhiệm vụ": "Urgency of the task",
    "Tính mới, không trùng lặp với nhiệm vụ đã và đang thực hiện":
        "Novelty: no overlap with tasks done or under way",
    "Tính khả thi về mục tiêu, nội dung, thời gian":
        "Feasibility of the objectives, the content and the timeline",
    "Khả năng ứng dụng, địa chỉ ứng dụng kết quả": "Applicability and users of the results",
}


def criterion_label(criterion: dict) -> str:
    """The name of a frozen criterion (``Council.criteria``) in the active language."""
    return shown(criterion["label"], criterion.get("label_en", ""))
