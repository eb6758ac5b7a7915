"""文档：按格式把读入的数据整理成有类型的文档——格（``cells``）、统计表（``tables``）、叙述文字
（``textblock``、``passages``）、结构检查（``structure``，Cerberus）、名称与键的对应（``names``），
以及文档本身（``model``）。
"""
